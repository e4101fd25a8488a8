import type { MetadataRoute } from 'next';
import { absolutePath, getSiteUrl } from '@/lib/seo/metadata';

const SITEMAP_PATHS = ['/', '/now', '/history'] as const;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const siteUrl = await getSiteUrl();
  return SITEMAP_PATHS.map((path) => ({ url: absolutePath(siteUrl, path), changeFrequency: 'always' }));
}
