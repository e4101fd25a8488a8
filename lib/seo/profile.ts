// The owner's profile as link previews, the page head and the JSON-LD need it. Read here only, so
// where the profile comes from (the settings saved on /admin) is this one function's business.
import 'server-only';
import { getSiteSettings } from '../site/settings';

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
  const { name, firstName, avatar, siteDescription, tagline, links } = await getSiteSettings();
  return { name, firstName, avatar, description: siteDescription || tagline, links };
}
