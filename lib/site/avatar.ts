// An avatar uploaded on /admin: checked and stored like a reporter's image (lib/images.ts), served
// from /api/images/<sha256>.<ext>. The clean-up keeps it while the site settings name it.
import 'server-only';
import { decodeImageSource, IMAGE_MAX_BYTES, ImageError, storeImage } from '../images';

// What the profile form says about an upload it cannot use: whole sentences for the avatar field,
// which lib/i18n/messages/en-form-errors.ts holds too (so they are shown in the page's language).
export const AVATAR_TOO_LARGE = 'The image is larger than 256 KB.';
export const AVATAR_NOT_AN_IMAGE = 'The image is not a PNG, JPEG, WebP or GIF image.';

/** Stores an uploaded image sent as a data URL and returns its site path; throws ImageError with one of the two messages. */
export async function storeAvatarUpload(dataUrl: string): Promise<string> {
  const payload = /^data:image\/[^,]*,/i.test(dataUrl) ? dataUrl.slice(dataUrl.indexOf(',') + 1) : null;
  if (payload === null) throw new ImageError(AVATAR_NOT_AN_IMAGE);
  if (Buffer.byteLength(payload, 'base64') > IMAGE_MAX_BYTES) throw new ImageError(AVATAR_TOO_LARGE);
  try {
    const source = decodeImageSource(dataUrl);
    if (source.kind === 'bytes') return (await storeImage(source.bytes)).path;
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
  }
  // Not base64, or bytes that are no image type we serve: the size is already known to be fine.
  throw new ImageError(AVATAR_NOT_AN_IMAGE);
}
