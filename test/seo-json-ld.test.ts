// The Person JSON-LD: web profiles only in sameAs, and no value can end the <script> element.
import { describe, expect, it } from 'vitest';
import { absoluteUrl, personJsonLd, serializeJsonLd } from '@/lib/seo/json-ld';

const links = [
  { href: 'https://github.com/ada' },
  { href: 'mailto:ada@example.com' },
  { href: '/now' },
  { href: 'HTTP://mastodon.example/@ada' },
];

describe('Person JSON-LD', () => {
  it('lists only http(s) profiles in sameAs', () => {
    const person = personJsonLd({ name: 'Ada', url: 'https://ada.example/', image: 'https://ada.example/avatar.svg', links });
    expect(person).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Person',
      name: 'Ada',
      url: 'https://ada.example/',
      image: 'https://ada.example/avatar.svg',
      sameAs: ['https://github.com/ada', 'HTTP://mastodon.example/@ada'],
    });
  });

  it('leaves sameAs out when there is no web profile', () => {
    expect(personJsonLd({ name: 'Ada', url: 'u', image: 'i', links: [{ href: 'mailto:a@b.c' }] })).not.toHaveProperty('sameAs');
  });

  it('escapes < so a name cannot close the script element, and parses back unchanged', () => {
    const name = 'Ada </script><script>alert(1)</script> <!-- \u2028';
    const json = serializeJsonLd(personJsonLd({ name, url: 'u', image: 'i', links: [] }));
    expect(json).not.toContain('<');
    expect(json).not.toContain('\u2028');
    expect(JSON.parse(json).name).toBe(name);
  });

  it('makes an avatar path absolute and keeps a URL', () => {
    expect(absoluteUrl('/avatar.svg', 'https://ada.example')).toBe('https://ada.example/avatar.svg');
    expect(absoluteUrl('https://cdn.example/a.png', 'https://ada.example')).toBe('https://cdn.example/a.png');
  });
});
