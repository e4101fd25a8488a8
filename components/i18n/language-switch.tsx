// English / 中文: a plain form, so it works without JavaScript. The chosen button posts to
// /api/language, which keeps the choice in a cookie and sends the browser back to `back`.
import { LANGUAGES, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';

const NAME_KEY: Record<Language, 'english' | 'chinese'> = { en: 'english', 'zh-CN': 'chinese' };

export function LanguageSwitch({ current, back, m }: { current: Language; back: string; m: Messages['language'] }) {
  return (
    <form
      method="post"
      action="/api/language"
      aria-label={m.switchLabel}
      data-testid="language-switch"
      className="inline-flex items-center gap-1"
    >
      <input type="hidden" name="back" value={back} />
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="submit"
          name="lang"
          value={language}
          lang={language}
          aria-pressed={language === current}
          className="inline-flex min-h-9 min-w-11 items-center justify-center rounded-full border border-transparent px-3 text-sm text-zinc-700 hover:border-zinc-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 aria-pressed:border-zinc-300 aria-pressed:bg-white aria-pressed:font-semibold aria-pressed:text-zinc-900 dark:text-zinc-300 dark:hover:border-zinc-700 dark:aria-pressed:border-zinc-700 dark:aria-pressed:bg-zinc-900 dark:aria-pressed:text-zinc-50"
        >
          {m[NAME_KEY[language]]}
        </button>
      ))}
    </form>
  );
}
