// An avatar uploaded on /admin: checked and stored like a reporter's image (lib/images.ts), served
// from /api/images/<sha256>.<ext>. The clean-up keeps it while the site settings name it.
import 'server-only';
import { decodeImageSource, ImageError, storeImage } from '../images';

/** Stores an uploaded image sent as a data URL and returns its site path; throws ImageError with the reason. */
export async function storeAvatarUpload(dataUrl: string): Promise<string> {
  if (!/^data:image\//i.test(dataUrl)) throw new ImageError('must be a PNG, JPEG, WebP or GIF image');
  const source = decodeImageSource(dataUrl);
  if (source.kind !== 'bytes') throw new ImageError('must be a PNG, JPEG, WebP or GIF image');
  return (await storeImage(source.bytes)).path;
}
