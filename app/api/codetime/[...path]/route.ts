// CodeTime plugins with their entrypoint set to /api/codetime: `token` header on every call.
import { ApiError } from '@/lib/errors';
import { errorResponse, json } from '@/lib/http';
import { parseOrNoteRefusal } from '@/lib/status/ingest';
import { applyReport, readProtocolJson } from '@/lib/status/protocols/apply';
import { verifyAnyToken } from '@/lib/status/protocols/auth';
import { CODETIME_SOURCE, parseCodeTime } from '@/lib/status/protocols/codetime';

export const dynamic = 'force-dynamic';

const BODY_LIMIT = 1024 * 1024;

type Params = { params: Promise<{ path: string[] }> };

function notFound(path: string) {
  return errorResponse(new ApiError(404, 'not_found', `No CodeTime endpoint at /api/codetime/${path}.`));
}

async function authenticate(request: Request) {
  const reporter = await verifyAnyToken([request.headers.get('token')?.trim()]);
  // The plugins forget their token on a 401, so only a wrong token gets one.
  if (!reporter) throw new ApiError(401, 'unauthorized', 'Send a reporter token in the "token" header.');
  return reporter;
}

export async function POST(request: Request, { params }: Params) {
  const path = (await params).path.join('/');
  if (path !== 'eventLog' && path !== 'batchEventLog') return notFound(path);
  try {
    const reporter = await authenticate(request);
    const body = await readProtocolJson(request, BODY_LIMIT);
    const context = { protocol: CODETIME_SOURCE, tokenName: reporter.name, raw: body };
    const parsed = parseOrNoteRefusal(context, () => parseCodeTime(body));
    await applyReport(parsed.report, context);
    // The plugins only look at the status; a JSON body keeps got's `responseType: 'json'` happy.
    return json(parsed.rejected.length ? { accepted: parsed.accepted, rejected: parsed.rejected } : {});
  } catch (error) {
    return errorResponse(error);
  }
}

/** The VS Code plugin checks its token with `user/minutes` and shows the minutes in the status bar. */
export async function GET(request: Request, { params }: Params) {
  const path = (await params).path.join('/');
  if (path !== 'user/minutes') return notFound(path);
  try {
    await authenticate(request);
    return json({ minutes: 0 });
  } catch (error) {
    return errorResponse(error);
  }
}
