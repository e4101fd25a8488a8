// Gzip for a page whose nonce changes on every answer, without compressing it again each time: the
// pieces between the nonces are compressed once, each on its own, into raw deflate that ends on a
// byte boundary (a full flush, so the next block may start there). An answer joins them around its
// nonce written as a stored (uncompressed) block, then adds the gzip header and trailer (the CRC-32
// and length of the whole page). Pure.
import { constants, crc32, deflateRawSync } from 'node:zlib';

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]); // deflate, no name or time, unknown OS

/** Each piece as raw deflate; only the last one ends the stream. */
export function deflatePieces(parts: readonly Buffer[]): Buffer[] {
  return parts.map((part, i) =>
    deflateRawSync(part, { level: 6, finishFlush: i === parts.length - 1 ? constants.Z_FINISH : constants.Z_FULL_FLUSH }),
  );
}

/** A stored, not final deflate block holding these bytes (fewer than 65,536). */
function storedBlock(bytes: Buffer): Buffer {
  const block = Buffer.alloc(5 + bytes.length);
  block[0] = 0; // BFINAL 0, BTYPE 00 (stored); the rest of the byte is padding
  block.writeUInt16LE(bytes.length, 1);
  block.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(block, 5);
  return block;
}

/** The gzip body of `page` (the pieces joined around `nonce`), from its pieces compressed by deflatePieces. */
export function gzipAroundNonce(deflated: readonly Buffer[], nonce: string, page: Buffer): Buffer {
  const between = storedBlock(Buffer.from(nonce, 'latin1'));
  const pieces: Buffer[] = [GZIP_HEADER];
  deflated.forEach((piece, i) => {
    if (i > 0) pieces.push(between);
    pieces.push(piece);
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(page), 0);
  trailer.writeUInt32LE(page.length % 2 ** 32, 4);
  pieces.push(trailer);
  return Buffer.concat(pieces);
}

/** Whether Accept-Encoding takes gzip (listed, or `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [name = '', ...params] = entry.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}
