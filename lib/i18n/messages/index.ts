import type { Language } from '../languages';
import { en, type Messages } from './en';
import { zhCN } from './zh-CN';

export type { Messages };

const MESSAGES: Record<Language, Messages> = { en, 'zh-CN': zhCN };

/** All messages of one language; server code only (a client component gets the section it shows). */
export function messagesFor(language: Language): Messages {
  return MESSAGES[language];
}
