// Intl formatters, built once per (kind, locale, options) and reused. Building one costs far more
// than using it, and on the server each holds ICU memory outside the JavaScript heap that the
// collector hardly sees: a page that built its formatters per render grew the process by hundreds
// of MB under load (the soak, docs/reliability.md). Pure: the browser uses it too.
const formatters = new Map<string, unknown>();
/** Time zones and languages are few; the bound only guards against a caller passing free-form options. */
const MAX_FORMATTERS = 500;

export function cachedFormatter<Options, Formatter>(
  Kind: new (locale: string | undefined, options: Options) => Formatter,
  locale: string | undefined,
  options: Options,
): Formatter {
  const key = `${Kind.name} ${locale ?? ''} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as Formatter | undefined;
  if (!formatter) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, (formatter = new Kind(locale, options)));
  }
  return formatter;
}

/** A date-time formatter; the common case. */
export const dateTimeFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions) => cachedFormatter(Intl.DateTimeFormat, locale, options);
