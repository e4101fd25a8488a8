// The card's avatar: a file under public/ (never outside it), an http(s) URL, and — where public/
// is not beside the server — the file asked of NOWLINE_SITE_URL, never of the request's Host.
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** A 1×1 PNG. */
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));

/** Answers each URL from `responses` (404 otherwise) and records what was asked. */
function fakeFetch(responses: Record<string, { body: Uint8Array<ArrayBuffer> | string; type?: string }>): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const found = responses[url];
    return found ? new Response(found.body, { headers: { 'content-type': found.type ?? 'application/octet-stream' } }) : new Response('no', { status: 404 });
  });
  return asked;
}

async function freshLoader(siteUrl: string) {
  vi.stubEnv('NOWLINE_SITE_URL', siteUrl);
  vi.resetModules(); // lib/env.ts reads the environment once per module instance
  return (await import('@/lib/seo/og-image/avatar')).loadAvatar;
}

describe('the card avatar', () => {
  it('reads a file under public/, and nothing outside it', async () => {
    const asked = fakeFetch({});
    const loadAvatar = await freshLoader('');
    expect(await loadAvatar('/avatar.svg')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await loadAvatar('/../package.json')).toBeNull();
    expect(await loadAvatar('/%2e%2e/package.json')).toBeNull();
    expect(asked).toEqual([]);
  });

  it('asks NOWLINE_SITE_URL for a public file missing on disk, and nobody without it', async () => {
    const asked = fakeFetch({ 'https://ada.example/elsewhere.png': { body: PNG } });
    expect(await (await freshLoader(''))('/elsewhere.png')).toBeNull();
    expect(asked).toEqual([]);
    expect(await (await freshLoader('https://ada.example'))('/elsewhere.png')).toMatch(/^data:image\/png;base64,/);
    expect(asked).toEqual(['https://ada.example/elsewhere.png']);
  });

  it('draws a fetched image, and gives initials for a page or a failed fetch', async () => {
    fakeFetch({ 'https://cdn.example/ada.png': { body: PNG }, 'https://cdn.example/page': { body: '<html>hi</html>', type: 'text/html' } });
    const loadAvatar = await freshLoader('');
    expect(await loadAvatar('https://cdn.example/ada.png')).toMatch(/^data:image\/png;base64,/);
    expect(await loadAvatar('https://cdn.example/page')).toBeNull();
    expect(await loadAvatar('https://cdn.example/gone.png')).toBeNull();
  });
});
