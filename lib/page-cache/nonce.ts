// A cached page is sent to many visitors, but a CSP nonce must be new for each response: the page
// is kept cut at every place the rendering request's nonce appeared (the script tags Next stamps,
// the JSON-LD script, the policy header), and each answer joins the pieces around a fresh one.
// Pure: no server imports.

/** The nonce of a page policy ("script-src 'self' 'nonce-…'"), or null when it has none. */
export function nonceOfPolicy(policy: string | null | undefined): string | null {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy ?? '')?.[1] ?? null;
}

/** The bytes between the nonce's occurrences (one more piece than occurrences). */
export function splitOnNonce(body: Buffer, nonce: string): Buffer[] {
  const needle = Buffer.from(nonce, 'latin1');
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle, from); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** The pieces joined around a new nonce. */
export function stampNonce(parts: readonly Buffer[], nonce: string): Buffer {
  if (parts.length === 1) return parts[0]!;
  const needle = Buffer.from(nonce, 'latin1');
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(needle);
    pieces.push(part);
  });
  return Buffer.concat(pieces);
}

/** The same cut for a string (the policy header). */
export const splitTextOnNonce = (text: string, nonce: string): string[] => text.split(nonce);
export const stampTextNonce = (parts: readonly string[], nonce: string): string => parts.join(nonce);
