// The browser for Playwright, Lighthouse and the bench: Debian's Chromium where it is installed
// (Playwright cannot download its own here); elsewhere undefined, so Playwright uses its own.
import { existsSync } from 'node:fs';

export function chromiumPath() {
  return process.env.PLAYWRIGHT_CHROMIUM_PATH ?? process.env.CHROME_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

/** Flags that keep a headless Chromium quiet and working as root in a container. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
