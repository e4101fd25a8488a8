// The request's language, for pages, layouts and server actions.
import 'server-only';
import { headers } from 'next/headers';
import { getSiteSettings } from '@/lib/site/settings';
import { isLanguage, LANGUAGE_HEADER, type Language } from './languages';
import { messagesFor, type Messages } from './messages';

/**
 * The owner's language: what a visitor gets when neither their cookie nor their browser names one
 * we have. Saved on /admin; before the first save, NOWLINE_DEFAULT_LANGUAGE (lib/site/settings.ts).
 */
export async function ownerDefaultLanguage(): Promise<Language> {
  return (await getSiteSettings()).language;
}

/**
 * proxy.ts has put the visitor's choice (cookie, else Accept-Language) in a request header; the
 * owner's default fills in here, at render time, so the proxy never needs the settings store.
 */
export async function getLanguage(): Promise<Language> {
  const fromProxy = (await headers()).get(LANGUAGE_HEADER);
  return isLanguage(fromProxy) ? fromProxy : ownerDefaultLanguage();
}

export async function getMessages(): Promise<{ language: Language; m: Messages }> {
  const language = await getLanguage();
  return { language, m: messagesFor(language) };
}
