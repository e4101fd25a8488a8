// Private data that reporters really send, through the real ingest routes and store into every
// public output: GET /api/status, the SSE stream, the ingest reply and the card the page renders.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GET as getStatus, POST as postStatus } from '@/app/api/status/route';
import { GET as getStream } from '@/app/api/status/stream/route';
import { POST as postWakaTime } from '@/app/api/wakatime/[...path]/route';
import { StatusCard } from '@/components/status/status-card';
import { en } from '@/lib/i18n/messages/en';
import { privacyRulesSchema, type PrivacyRules } from '@/lib/status/privacy/rules';
import type { Snapshot } from '@/lib/status/schema';
import { getRawActivities, savePrivacyRules } from '@/lib/status/store';
import { SITE, withReporterToken } from './protocols/helpers';

const token = withReporterToken();
const HOST_NAME = 'CORP-JPVANDIJK-LT7';
const WAKATIME_UA = 'wakatime/v1.90.0 (windows-10.0.22631-amd64) go1.22.1 vscode/1.88.0 vscode-wakatime/24.5.0';

/** Must never appear in anything public, whatever the settings (except the host name when shown). */
const NEVER = ['Jean', 'Van Dijk', 'van der Dijk', 'jeanpaul', HOST_NAME, 'home/', 'Users/', 'Users\\', 'clients/'];

async function sendWakaTime(heartbeats: Record<string, unknown>[]) {
  const path = 'users/current/heartbeats.bulk';
  const res = await postWakaTime(
    new Request(`${SITE}/api/wakatime/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(token()).toString('base64')}`,
        'content-type': 'application/json',
        'user-agent': WAKATIME_UA,
        'x-machine-name': HOST_NAME,
      },
      body: JSON.stringify(heartbeats.map((h) => ({ type: 'file', category: 'coding', time: Date.now() / 1000, language: 'Rust', ...h }))),
    }),
    { params: Promise.resolve({ path: path.split('/') }) },
  );
  expect(res.status).toBe(201);
}

async function sendNative(body: unknown): Promise<string> {
  const res = await postStatus(
    new Request(`${SITE}/api/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return res.text();
}

/** The first `status` event of a new stream, as a browser's EventSource receives it. */
async function firstStreamEvent(): Promise<string> {
  const abort = new AbortController();
  const res = await getStream(new Request(`${SITE}/api/status/stream`, { signal: abort.signal }));
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  // The event is complete once the blank line after its data has arrived.
  while (!/event: status\n(?:.*\n)*?data: .*\n\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before a status event: ${text}`);
    text += decoder.decode(value);
  }
  abort.abort();
  await reader.cancel().catch(() => undefined);
  return text;
}

async function publicOutputs(replies: string[]) {
  const json = await (await getStatus()).text();
  const snapshot = JSON.parse(json) as Snapshot;
  const card = renderToStaticMarkup(createElement(StatusCard, { snapshot, now: Date.now(), timeZone: 'UTC', locale: { language: 'en', m: en.status } }));
  const outputs: Record<string, string> = { 'GET /api/status': json, 'SSE event': await firstStreamEvent(), 'rendered card': card };
  replies.forEach((reply, i) => (outputs[`ingest reply ${i}`] = reply));
  return { snapshot, outputs };
}

function expectNeverPublished(outputs: Record<string, string>, never = NEVER) {
  for (const [where, text] of Object.entries(outputs)) {
    // JSON escapes backslashes; compare on the decoded form too.
    const plain = text.replace(/\\\\/g, '\\');
    for (const secret of never) expect(plain, `${where} holds ${secret}`).not.toContain(secret);
  }
}

async function reportEverything(): Promise<string[]> {
  await sendWakaTime([
    // A root count that stops above the project (1 = "/"): the path up to it would be published.
    { entity: '/home/jeanpaul/clients/acme/src/main.rs', project: 'acme', project_root_count: 1 },
  ]);
  await sendWakaTime([
    { entity: 'C:\\Users\\Jean Paul Van Dijk\\Documents\\clients\\acme\\src\\lib.rs', project: 'acme', project_root_count: 2, time: Date.now() / 1000 + 1 },
  ]);
  return [
    await sendNative({
      activities: [
        { kind: 'app', name: 'Word', title: 'plan.docx - C:\\Users\\Jean Paul Van Dijk\\Documents - Word' },
        { kind: 'music', title: 'C:\\Users\\Jean Paul van der Dijk\\Music\\Intro.mp3', player: 'foobar2000' },
        { kind: 'manual', text: 'Moving my files to Users/Jean Paul Van Dijk today' },
      ],
    }),
  ];
}

describe('private inputs never reach a public output', () => {
  const settings: [string, Partial<PrivacyRules>][] = [
    ['default settings', {}],
    ['file names and window titles shown', { showFileNames: true, showWindowTitles: true }],
  ];

  for (const [name, rules] of settings) {
    it(`with ${name}`, async () => {
      await savePrivacyRules(privacyRulesSchema.parse(rules));
      const replies = await reportEverything();
      // The reports did reach the store with their private parts (for the owner's eyes only).
      const raw = JSON.stringify(await getRawActivities());
      expect(raw).toContain(HOST_NAME);
      expect(raw).toContain('Jean Paul Van Dijk');

      const { snapshot, outputs } = await publicOutputs(replies);
      expect(snapshot.activities.map((a) => a.kind).sort()).toEqual(['app', 'coding', 'manual', 'music']);
      expectNeverPublished(outputs);
      if (rules.showFileNames) expect(snapshot.activities.find((a) => a.kind === 'coding')).toMatchObject({ file: 'src/lib.rs' });
      if (rules.showWindowTitles) expect(snapshot.activities.find((a) => a.kind === 'app')).toMatchObject({ title: 'plan.docx - Documents - Word' });
      expect(snapshot.activities.find((a) => a.kind === 'music')).toMatchObject({ title: 'Intro.mp3' });
    });
  }

  it('publishes no folder of a path whose folder names hold quotes or many spaces', async () => {
    await savePrivacyRules(privacyRulesSchema.parse({ showFileNames: true, showWindowTitles: true }));
    const reply = await sendNative({
      activities: [
        { kind: 'music', title: "/Volumes/Alice's iPod/Music/track.mp3", player: 'foobar2000' },
        { kind: 'app', name: 'Explorer', description: "copying D:\\Alice's Files\\Clients\\Acme\\memo.mp3" },
        { kind: 'manual', text: 'Moving /Volumes/My Old Backup Drive 2/clients/acme/x.ts today' },
        { kind: 'gaming', name: 'Hades', details: 'D:\\Kunden\\Müller & Söhne GmbH Co KG\\Vertrag.docx' },
      ],
    });
    const { snapshot, outputs } = await publicOutputs([reply]);
    expect(snapshot.activities.map((a) => a.kind).sort()).toEqual(['app', 'gaming', 'manual', 'music']);
    expectNeverPublished(outputs, [...NEVER, 'Alice', 'iPod', 'Backup Drive', 'Kunden', 'Müller', 'Clients', 'Volumes']);
    expect(snapshot.activities.find((a) => a.kind === 'music')).toMatchObject({ title: 'track.mp3' });
    expect(snapshot.activities.find((a) => a.kind === 'manual')).toMatchObject({ text: 'Moving x.ts today' });
  });

  it('publishes the machine name only when the owner turns it on', async () => {
    await savePrivacyRules(privacyRulesSchema.parse({ showMachineName: true, showFileNames: true }));
    await sendWakaTime([{ entity: '/home/jeanpaul/clients/acme/src/main.rs', project: 'acme', project_root_count: 1 }]);
    const { snapshot, outputs } = await publicOutputs([]);
    expect(snapshot.headline).toMatchObject({ kind: 'coding', machine: HOST_NAME, file: 'src/main.rs' });
    expectNeverPublished(outputs, NEVER.filter((s) => s !== HOST_NAME));
  });
});
