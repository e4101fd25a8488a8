// The language switch (components/i18n/language-switch.tsx): a plain form posts here, so it works
// without JavaScript. POST lang=en|zh-CN&back=/admin → 303 back to the page, with the choice in a
// cookie for a year. Bad input gets a JSON 400 and no cookie.
import { z } from 'zod';
import { ApiError } from '@/lib/errors';
import { errorResponse } from '@/lib/http';
import { BodyReader, checkDeclaredLength } from '@/lib/ingest/body';
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, LANGUAGES } from '@/lib/i18n/languages';

export const dynamic = 'force-dynamic';

const BODY_LIMIT = 2048;

/** A path on this site ("/", "/admin?x=1"); never "//host" or a full URL, so no open redirect. */
const sitePath = z.string().regex(/^\/(?![/\\])[^\s\\]*$/, 'must be a path on this site, such as /admin');

const switchSchema = z.object({
  lang: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }),
  back: sitePath.max(500).optional(),
});

export async function POST(request: Request) {
  try {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
    }
    checkDeclaredLength(request, BODY_LIMIT);
    const form = new URLSearchParams(await new BodyReader(request, 10_000).readAll(BODY_LIMIT));
    const parsed = switchSchema.safeParse({ lang: form.get('lang') ?? undefined, back: form.get('back') || undefined });
    if (!parsed.success) throw ApiError.fromZod(parsed.error);
    const { lang, back = '/' } = parsed.data;
    // Relative Location: the browser resolves it against this site, whatever proxy is in front.
    const response = new Response(null, { status: 303, headers: { Location: back, 'Cache-Control': 'no-store' } });
    const cookie = `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly`;
    response.headers.append('Set-Cookie', cookie);
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
