// The relays there are, and the environment variables that set each up (the settings on /admin
// name them when they win). A module of its own so the settings store and the upstreams can share
// it without importing each other.
export const RELAY_NAMES = ['wakatime', 'listenbrainz'] as const;
export type RelayName = (typeof RELAY_NAMES)[number];

/** Each relay's URL variable and secret variable. */
export const RELAY_VARIABLES = {
  wakatime: ['NOWLINE_RELAY_WAKATIME_URL', 'NOWLINE_RELAY_WAKATIME_KEY'],
  listenbrainz: ['NOWLINE_RELAY_LISTENBRAINZ_URL', 'NOWLINE_RELAY_LISTENBRAINZ_TOKEN'],
} as const satisfies Record<RelayName, readonly [string, string]>;
