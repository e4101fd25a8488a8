/** "until {time}" + { time: "17:00" } → "until 17:00". A placeholder without a value stays as written. */
export function formatMessage(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
