// Which pages the production server serves from memory (lib/page-cache/serve-page.ts). A page may
// be listed when what it shows depends only on the visitor's language, the site address, and what
// getPageVersion() (page-version.ts) covers: no cookie, no query string, nothing per visitor.
// Pure, so tests and the bench read it too.

export const CACHED_PAGES: readonly string[] = ['/', '/now'];

/** Says which path an answer took: `hit` (from memory) or `miss` (rendered by Next, then kept). */
export const PAGE_CACHE_HEADER = 'X-Nowline-Page-Cache';
