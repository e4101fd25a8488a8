// Headers every response carries: Next adds them through next.config.ts, the production server's
// fast lane (lib/fast-lane.ts) adds them itself.
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};
