// Stored reporter images. The name holds the content hash, so a URL's bytes never change.
import { ApiError } from '@/lib/errors';
import { errorResponse } from '@/lib/http';
import { readImage } from '@/lib/images';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  try {
    const image = await readImage((await params).name);
    if (!image) throw new ApiError(404, 'not_found', 'No such image.');
    const headers = {
      'Content-Type': image.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      ETag: `"${image.hash}"`,
      // Served on its own, an image can run nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (request.headers.get('if-none-match')?.includes(image.hash)) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(image.bytes), { headers: { ...headers, 'Content-Length': String(image.bytes.length) } });
  } catch (error) {
    return errorResponse(error);
  }
}
