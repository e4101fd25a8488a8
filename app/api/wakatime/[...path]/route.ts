// WakaTime-compatible heartbeats: every alias wakatime-cli and compatible servers use, under
// /api/wakatime, /api/wakatime/v1 and /api/wakatime/compat/wakatime/v1.
import { ApiError } from '@/lib/errors';
import { errorResponse, json } from '@/lib/http';
import { parseOrNoteRefusal } from '@/lib/status/ingest';
import { applyReport, readProtocolJson } from '@/lib/status/protocols/apply';
import { verifyAnyToken, wakatimeTokenCandidates } from '@/lib/status/protocols/auth';
import { parseWakaTime, toWakaTimeResponses, WAKATIME_SOURCE } from '@/lib/status/protocols/wakatime';

export const dynamic = 'force-dynamic';

const BODY_LIMIT = 1024 * 1024;
const PREFIX = '^(?:v1/|compat/wakatime/v1/)?';
const HEARTBEAT_PATH = new RegExp(`${PREFIX}(?:heartbeats?(?:\\.bulk)?|users/[^/]+/heartbeats(?:\\.bulk)?)$`);
const STATUSBAR_PATH = new RegExp(`${PREFIX}users/[^/]+/statusbar/today$`);

type Params = { params: Promise<{ path: string[] }> };

function notFound(path: string) {
  return errorResponse(
    new ApiError(
      404,
      'not_found',
      `No WakaTime endpoint at /api/wakatime/${path}; heartbeats go to /api/wakatime/users/current/heartbeats.bulk.`,
    ),
  );
}

export async function POST(request: Request, { params }: Params) {
  const path = (await params).path.join('/');
  if (!HEARTBEAT_PATH.test(path)) return notFound(path);
  try {
    const reporter = await verifyAnyToken(wakatimeTokenCandidates(request));
    if (!reporter) {
      throw new ApiError(
        401,
        'unauthorized',
        'Send a reporter token as the WakaTime api_key (Authorization: Basic base64(token), or ?api_key=).',
      );
    }
    const body = await readProtocolJson(request, BODY_LIMIT);
    const context = { protocol: WAKATIME_SOURCE, tokenName: reporter.name, raw: body };
    const parsed = parseOrNoteRefusal(context, () =>
      parseWakaTime(body, {
        userAgent: request.headers.get('user-agent'),
        machine: request.headers.get('x-machine-name'),
      }),
    );
    await applyReport(parsed.report, context);
    return json(toWakaTimeResponses(parsed.results), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * wakatime-cli's `--today`, which editor plugins poll for their status bar: no totals are kept
 * here, so an empty day (a 404 would show as an error in the editor).
 */
export async function GET(request: Request, { params }: Params) {
  const path = (await params).path.join('/');
  if (!STATUSBAR_PATH.test(path)) return notFound(path);
  try {
    if (!(await verifyAnyToken(wakatimeTokenCandidates(request))))
      throw new ApiError(401, 'unauthorized', 'The api_key is not a valid reporter token.');
    const zero = { decimal: '0.00', digital: '0:00', hours: 0, minutes: 0, text: '', total_seconds: 0 };
    return json({
      data: {
        categories: [],
        grand_total: zero,
        range: { date: new Date().toISOString().slice(0, 10), text: 'Today' },
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
