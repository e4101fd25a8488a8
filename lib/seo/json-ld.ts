// The owner as a schema.org Person, for search engines, in a <script type="application/ld+json">.
// Pure, so the escaping is unit-tested.

export interface PersonInput {
  name: string;
  /** The site's address. */
  url: string;
  /** Absolute avatar URL. */
  image: string;
  links: readonly { href: string }[];
}

export function personJsonLd({ name, url, image, links }: PersonInput) {
  // Only web profiles identify the same person elsewhere; mailto: and site paths do not.
  const sameAs = links.map((link) => link.href).filter((href) => /^https?:\/\//i.test(href));
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name,
    url,
    image,
    ...(sameAs.length ? { sameAs } : {}),
  };
}

/**
 * JSON for inside a <script> element: `<` written as \u003c, so no value (a name such as
 * "</script><script>…") can end the element; JSON parsers read it back unchanged.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** An avatar path on this site made absolute; an http(s) URL stays as it is. */
export function absoluteUrl(pathOrUrl: string, siteUrl: string): string {
  return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : new URL(pathOrUrl, `${siteUrl}/`).toString();
}
