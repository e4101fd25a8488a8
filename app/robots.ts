import type { MetadataRoute } from 'next';
import { absolutePath, getSiteUrl } from '@/lib/seo/metadata';

export default async function robots(): Promise<MetadataRoute.Robots> {
  const siteUrl = await getSiteUrl();
  return {
    // The card (/og.png) stays allowed: some link-preview fetchers obey robots.txt.
    rules: { userAgent: '*', allow: '/', disallow: ['/admin', '/api/'] },
    sitemap: absolutePath(siteUrl, '/sitemap.xml'),
  };
}
