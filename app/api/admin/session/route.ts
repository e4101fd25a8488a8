// Admin login over JSON, for scripts and tests; the /admin form does the same through a server
// action. Both go through logIn() in lib/auth.ts (throttle, password check, server-side session).
//   POST   { "password": "…" }   → 200 { ok: true } + the session cookie · 401 · 429 + Retry-After
//   DELETE                       → ends this session;  DELETE ?everywhere=1 → ends every session
// No CORS headers: a JSON body or DELETE from another site needs a preflight that is never granted.
import { z } from 'zod';
import { endAllSessions, endSession, logIn, requireAdmin, startSession } from '@/lib/auth';
import { clientAddressOfHeaders } from '@/lib/client-address.js';
import { ApiError } from '@/lib/errors';
import { errorResponse, json, readJsonBody } from '@/lib/http';

export const dynamic = 'force-dynamic';

const loginBodySchema = z.object({ password: z.string().max(4096) });

export async function POST(request: Request) {
  try {
    const body = loginBodySchema.safeParse(await readJsonBody(request, 8 * 1024));
    if (!body.success) throw ApiError.fromZod(body.error);
    const result = await logIn(clientAddressOfHeaders(request.headers), body.data.password);
    if (!result.ok) {
      const retry = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined;
      return errorResponse(new ApiError(result.status, result.code, result.message), retry);
    }
    await startSession(result.session);
    return json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function DELETE(request: Request) {
  try {
    if (new URL(request.url).searchParams.get('everywhere') === '1') {
      await requireAdmin();
      await endAllSessions();
    } else {
      await endSession();
    }
    return json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
