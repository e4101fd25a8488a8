// The page cache's pure parts: the bounded store of rendered pages and the nonce cut.
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, deflatePieces, gzipAroundNonce } from '@/lib/page-cache/gzip-pieces';
import { nonceOfPolicy, splitOnNonce, stampNonce } from '@/lib/page-cache/nonce';
import { PageStore, type CachedPage } from '@/lib/page-cache/page-store';

const page = (version: string, renderedAt = 0, validUntil = Infinity): CachedPage => ({
  version,
  validUntil,
  renderedAt,
  body: [Buffer.from('<p>')],
  deflated: [],
  policy: [''],
  headers: {},
});
const at = (key: string, validUntil = Infinity) => ({ key, validUntil });

describe('PageStore', () => {
  it('gives a page back only at its version, before its expiry and within the maximum age', () => {
    const store = new PageStore({ maxEntries: 4, maxAgeMs: 60_000 });
    store.set('/ en', page('v1', 1_000, 30_000));
    expect(store.get('/ en', at('v1'), 29_999)).toBeDefined();
    expect(store.get('/ zh-CN', at('v1'), 2_000)).toBeUndefined();
    expect(store.get('/ en', at('v1'), 30_000)).toBeUndefined();
    store.set('/ en', page('v1', 1_000));
    expect(store.get('/ en', at('v2'), 2_000)).toBeUndefined();
    expect(store.size).toBe(0); // a stale page is dropped when found
    store.set('/ en', page('v2', 1_000));
    expect(store.get('/ en', at('v2'), 60_999)).toBeDefined();
    expect(store.get('/ en', at('v2'), 61_000)).toBeUndefined();
  });

  it('holds at most maxEntries pages, dropping the oldest', () => {
    const store = new PageStore({ maxEntries: 3, maxAgeMs: 60_000 });
    for (const host of ['a', 'b', 'c', 'd', 'e']) store.set(`/ en http://${host}`, page('v1'));
    expect(store.size).toBe(3);
    expect(store.get('/ en http://b', at('v1'), 0)).toBeUndefined();
    expect(store.get('/ en http://e', at('v1'), 0)).toBeDefined();
  });
});

describe('nonce cut', () => {
  it('finds the policy’s nonce and replaces every occurrence, at the ends too', () => {
    const nonce = 'q0Hc8xT2p+/aZ4v1mN7rKw==';
    expect(nonceOfPolicy(`default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`)).toBe(nonce);
    expect(nonceOfPolicy("default-src 'self'")).toBeNull();
    const html = Buffer.from(`${nonce}<script nonce="${nonce}">中文</script>${nonce}`);
    const parts = splitOnNonce(html, nonce);
    expect(parts).toHaveLength(4);
    expect(stampNonce(parts, 'NEW').toString()).toBe('NEW<script nonce="NEW">中文</script>NEW');
    expect(stampNonce(splitOnNonce(Buffer.from('none here'), nonce), 'NEW').toString()).toBe('none here');
  });
});

describe('gzip around a nonce', () => {
  it('gives a valid gzip of the whole page, the nonce at the ends and in the middle', () => {
    const nonce = 'q0Hc8xT2p+/aZ4v1mN7rKw==';
    const page = Buffer.from(`${nonce}<html>${'<p>中文 text</p>'.repeat(2000)}<script nonce="${nonce}"></script>${nonce}`);
    const deflated = deflatePieces(splitOnNonce(page, nonce));
    const fresh = 'AbCdEfGhIjKlMnOpQrStUw==';
    const stamped = Buffer.from(page.toString().replaceAll(nonce, fresh));
    const gzip = gzipAroundNonce(deflated, fresh, stamped);
    expect(gunzipSync(gzip).equals(stamped)).toBe(true);
    expect(gzip.length).toBeLessThan(page.length / 10);
    const single = deflatePieces([Buffer.from('no nonce')]);
    expect(gunzipSync(gzipAroundNonce(single, fresh, Buffer.from('no nonce'))).toString()).toBe('no nonce');
  });

  it('reads Accept-Encoding', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1, *;q=0.1')).toBe(true);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
