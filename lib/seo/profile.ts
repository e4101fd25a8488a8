// The owner's profile as link previews, the page head and the JSON-LD need it. Read here only, so
// moving the profile elsewhere (the database) changes this one function.
import 'server-only';
import { siteConfig } from '../site-config';

export interface SeoProfile {
  name: string;
  /** How sentences name the owner ("Ada is coding nowline."). */
  firstName: string;
  /** A path on this site (a file in public/, a stored image) or an http(s) URL. */
  avatar: string;
  description: string;
  links: { label: string; href: string }[];
}

export async function getSeoProfile(): Promise<SeoProfile> {
  const { name, firstName, avatar, siteDescription, tagline, links } = siteConfig();
  return { name, firstName, avatar, description: siteDescription || tagline, links };
}
