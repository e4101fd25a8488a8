// The rendered pages held in memory: a bounded map from a request's key (page, language, site
// address, kind of client) to the last page rendered for it. Pure: the caller says what the
// current page version is and what time it is.

/** What a cached page shows depends on this alone (lib/page-cache/page-version.ts). */
export interface PageVersion {
  key: string;
  /** The page must be rendered again from this time on (an activity in it expires). */
  validUntil: number;
}

export interface CachedPage {
  version: string;
  validUntil: number;
  renderedAt: number;
  /** The HTML cut at the rendering request's nonce (lib/page-cache/nonce.ts). */
  body: Buffer[];
  /** The same pieces compressed for gzip (lib/page-cache/gzip-pieces.ts). */
  deflated: Buffer[];
  /** The Content-Security-Policy header, cut the same way. */
  policy: string[];
  /** Next's response headers, without the per-response ones (length, date, policy, HSTS). */
  headers: Record<string, string | string[]>;
}

export interface PageStoreOptions {
  maxEntries: number;
  maxAgeMs: number;
}

export class PageStore {
  private readonly pages = new Map<string, CachedPage>();

  constructor(private readonly options: PageStoreOptions) {}

  /** The page kept for this key, if it was rendered at this version and is neither expired nor too old. */
  get(key: string, version: PageVersion, now: number): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    const current = page.version === version.key && now < page.validUntil && now - page.renderedAt < this.options.maxAgeMs;
    if (!current) this.pages.delete(key);
    return current ? page : undefined;
  }

  set(key: string, page: CachedPage): void {
    this.pages.delete(key);
    // Keys include the Host a client sent: the oldest page goes first, so memory stays bounded.
    while (this.pages.size >= this.options.maxEntries) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, page);
  }

  get size(): number {
    return this.pages.size;
  }
}
