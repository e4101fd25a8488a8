// Where each relay sends, and how: the owner's own WakaTime (or wakapi) account and ListenBrainz (or
// any server speaking its API), set up by environment variables or, without them, on /admin. The
// secrets stay on the server: only the upstream's host is ever shown.
import { env } from '../env';
import { RELAY_VARIABLES, type RelayName } from './names';
import { savedRelay } from './settings';

export { RELAY_NAMES, type RelayName } from './names';

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

export interface RelayConfig {
  url: string;
  secret: string;
  source: 'environment' | 'saved';
}

/** A relay's address and secret: the environment's when both variables are set, else what /admin saved. */
export function relayConfig(relay: RelayName): RelayConfig | null {
  const variables = env();
  const [urlVariable, secretVariable] = RELAY_VARIABLES[relay];
  const url = variables[urlVariable];
  const secret = variables[secretVariable];
  if (url && secret) return { url, secret, source: 'environment' };
  const saved = savedRelay(relay);
  return saved ? { ...saved, source: 'saved' } : null;
}

/** The configured upstream of a relay, or null when the owner set none. Synchronous: memory only. */
export function upstream(relay: RelayName): Upstream | null {
  const config = relayConfig(relay);
  if (!config) return null;
  return relay === 'wakatime' ? wakatimeUpstream(config.url, config.secret) : listenBrainzUpstream(config.url, config.secret);
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
