// Request bodies and headers as the real reporters send them, shared by the route tests (Vitest)
// and the HTTP tests (Playwright). Each takes overrides; times default to now.

export const WAKATIME_USER_AGENT = 'wakatime/v1.90.0 (linux-6.6.0-x86_64) go1.22.1 vscode/1.88.0 vscode-wakatime/24.5.0';

/** `Authorization: Basic` as wakatime-cli sends its key. */
export const basicAuth = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`;

/** One wakatime-cli heartbeat (the entity is an absolute path, as the plugins send it). */
export function wakatimeHeartbeat(overrides: Record<string, unknown> = {}) {
  return {
    entity: '/home/me/site/app/page.tsx',
    type: 'file',
    category: 'coding',
    time: Date.now() / 1000,
    project: 'site',
    branch: 'main',
    language: 'TypeScript',
    is_write: true,
    user_agent: WAKATIME_USER_AGENT,
    ...overrides,
  };
}

/** One CodeTime plugin event (VS Code's eventLog; JetBrains batches the same shape). */
export function codetimeEvent(overrides: Record<string, unknown> = {}) {
  return {
    project: 'site',
    language: 'typescriptreact',
    relativeFile: 'app/page.tsx',
    absoluteFile: '/home/me/site/app/page.tsx',
    editor: 'VSCode',
    platform: 'Linux 6.6',
    platformArch: 'x64',
    eventTime: Date.now(),
    eventType: 'fileEdited',
    gitOrigin: 'git@github.com:me/site.git',
    gitBranch: 'main',
    operationType: 'write',
    ...overrides,
  };
}

/** A ListenBrainz `playing_now` submission as Web Scrobbler sends it. */
export function listenbrainzPlayingNow(track: Record<string, unknown> = {}, info: Record<string, unknown> = {}) {
  return {
    listen_type: 'playing_now',
    payload: [
      {
        track_metadata: {
          artist_name: 'Dool',
          track_name: 'Vantablack',
          release_name: 'Here Now, There Then',
          ...track,
          additional_info: {
            duration_ms: 301000,
            origin_url: 'https://www.youtube.com/watch?v=abc',
            media_player: 'YouTube Music',
            music_service: 'youtube.com',
            submission_client: 'Web Scrobbler',
            submission_client_version: '3.9.0',
            ...info,
          },
        },
      },
    ],
  };
}

/** A current Mix Space ProcessReporter report: process object, media in seconds, key in the body. */
export function mixspaceReport(key: string, overrides: Record<string, unknown> = {}) {
  return {
    timestamp: Math.floor(Date.now() / 1000),
    key,
    process: { name: 'Code', description: 'writing' },
    media: { title: 'Vantablack', artist: 'Dool', processName: 'Spotify', duration: 301, elapsedTime: 12 },
    ...overrides,
  };
}
