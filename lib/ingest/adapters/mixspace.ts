// Mix Space ProcessReporter agents: `key` inside the JSON body. The key is looked for in the first
// bytes as they arrive, so a body with a wrong key (or none, past a window) is not read to its end.
import 'server-only';
import { ApiError } from '../../errors';
import { CORS_HEADERS, errorResponse, json } from '../../http';
import { parseMixSpace, toMixSpaceState, type MixSpaceReport } from '../../status/protocols/mixspace';
import { isRecord } from '../../status/protocols/shared';
import { getSnapshot } from '../../status/store';
import type { IngestAdapter } from '../pipeline';

// Bounded whitespace, so one match spans at most KEY_MATCH_MAX characters (the search's overlap).
const KEY_FIELD = /"key"\s{0,32}:\s{0,32}"((?:[^"\\]|\\.){1,512})"/g;
export const KEY_MATCH_MAX = '"key"'.length + 32 + 1 + 32 + 1 + 2 * 512 + 1;

/** Every string value of a "key" field in (possibly partial) JSON text. */
export function findKeyCandidates(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(KEY_FIELD)) {
    try {
      const key = (JSON.parse(`"${match[1]}"`) as string).trim();
      if (key) found.push(key);
    } catch {
      // Not a complete JSON string: not a key.
    }
  }
  return found;
}

const readState = async () => json(toMixSpaceState(await getSnapshot()), { headers: CORS_HEADERS });

export const mixSpaceAdapter: IngestAdapter<MixSpaceReport> = {
  protocol: 'mixspace',
  path: /^\/api\/v2\/fn\/ps\/update$/,
  // Base64 icons and covers make these bodies large; each image is still capped on its own.
  bodyLimit: 1024 * 1024,
  tokens: () => [],
  unauthorized: 'The key is not a valid reporter token (or it was revoked).',
  bodyKey: {
    find: findKeyCandidates,
    maxMatchLength: KEY_MATCH_MAX,
    read(body) {
      if (!isRecord(body)) throw ApiError.invalid('The body must be a JSON object.');
      if (body.key != null && typeof body.key !== 'string') {
        throw ApiError.invalid('Invalid request — key: must be a string', [{ field: 'key', message: 'must be a string' }]);
      }
      return typeof body.key === 'string' && body.key.trim() ? body.key.trim() : null;
    },
    // Older Mix Space pages read the state with a POST that carries no key.
    anonymous(body) {
      mixSpaceAdapter.bodyKey!.read(body);
      return readState();
    },
  },
  parse: (body) => parseMixSpace(body),
  reply({ snapshot, warnings }) {
    const state = toMixSpaceState(snapshot);
    return json(
      { ok: 1, process: state.processInfo, media: state.mediaInfo, timestamp: Date.now(), ...(warnings.length ? { errors: warnings } : {}) },
      { headers: CORS_HEADERS },
    );
  },
  fail: (error) => errorResponse(error, CORS_HEADERS),
};

export const readMixSpaceState = readState;
