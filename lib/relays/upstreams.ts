// Where each relay sends, and how: the owner's own WakaTime (or wakapi) account and ListenBrainz (or
// any server speaking its API), configured by environment. The secrets stay on the server: only the
// upstream's host is ever shown.
import { env } from '../env';

export const RELAY_NAMES = ['wakatime', 'listenbrainz'] as const;
export type RelayName = (typeof RELAY_NAMES)[number];

/** Reporter headers worth passing on (WakaTime reads the editor and OS from the User-Agent). */
export type RelayHeaders = Record<string, string>;

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
}

export interface Upstream {
  /** The host shown on /admin. */
  host: string;
  request(body: string, headers: RelayHeaders): UpstreamRequest;
}

/** The configured upstream of a relay, or null when the owner set none. */
export function upstream(relay: RelayName): Upstream | null {
  const variables = env();
  if (relay === 'wakatime') {
    const base = variables.NOWLINE_RELAY_WAKATIME_URL;
    const key = variables.NOWLINE_RELAY_WAKATIME_KEY;
    return base && key ? wakatimeUpstream(base, key) : null;
  }
  const root = variables.NOWLINE_RELAY_LISTENBRAINZ_URL;
  const token = variables.NOWLINE_RELAY_LISTENBRAINZ_TOKEN;
  return root && token ? listenBrainzUpstream(root, token) : null;
}

function wakatimeUpstream(base: string, key: string): Upstream {
  return {
    host: new URL(base).host,
    request: (body, headers) => ({
      // A single heartbeat goes where editors send one; a list to the bulk endpoint.
      url: `${base}/users/current/heartbeats${body.trimStart().startsWith('[') ? '.bulk' : ''}`,
      headers: { ...headers, authorization: `Basic ${Buffer.from(key).toString('base64')}`, 'content-type': 'application/json' },
    }),
  };
}

function listenBrainzUpstream(root: string, token: string): Upstream {
  return {
    host: new URL(root).host,
    request: (_body, headers) => ({
      url: `${root}/1/submit-listens`,
      headers: { ...headers, authorization: `Token ${token}`, 'content-type': 'application/json' },
    }),
  };
}
