// The owner as a schema.org Person for search engines. Carries the request's CSP nonce (proxy.ts
// puts the policy on the request headers), as every script element on the page does.
import { headers } from 'next/headers';
import { absoluteUrl, personJsonLd, serializeJsonLd } from '@/lib/seo/json-ld';
import { absolutePath, getSiteUrl } from '@/lib/seo/metadata';
import { getSeoProfile } from '@/lib/seo/profile';

export async function PersonJsonLd() {
  const [siteUrl, profile, requestHeaders] = await Promise.all([getSiteUrl(), getSeoProfile(), headers()]);
  const nonce = /'nonce-([^']+)'/.exec(requestHeaders.get('content-security-policy') ?? '')?.[1];
  const person = personJsonLd({
    name: profile.name,
    url: absolutePath(siteUrl, '/'),
    image: absoluteUrl(profile.avatar, siteUrl),
    links: profile.links,
  });
  return <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: serializeJsonLd(person) }} />;
}
