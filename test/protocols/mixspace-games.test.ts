// Games from Mix Space agents: the app in front, when it is a game, is shown as one. Through the
// real route against a real SQLite database.
import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v2/fn/ps/update/route';
import { gameRulesSchema } from '@/lib/games/game-rules';
import { privacyRulesSchema } from '@/lib/status/privacy/rules';
import { getSnapshot, saveGameRules, savePrivacyRules } from '@/lib/status/store';
import { latestReport, SITE, withReporterToken } from './helpers';

const token = withReporterToken();

function report(process: string | Record<string, unknown>) {
  return POST(
    new Request(`${SITE}/api/v2/fn/ps/update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: Date.now(), key: token(), process }),
    }),
  );
}

const kinds = async () => (await getSnapshot()).activities.map((a) => [a.kind, 'name' in a ? a.name : undefined]);

describe('Mix Space reports of games', () => {
  it('shows cs2.exe as the game Counter-Strike 2, headline included', async () => {
    expect((await report({ name: 'cs2.exe', title: 'Counter-Strike 2' })).status).toBe(200);
    const snapshot = await getSnapshot();
    expect(snapshot.activities).toEqual([
      expect.objectContaining({ kind: 'gaming', name: 'Counter-Strike 2', source: 'mixspace' }),
    ]);
    expect(snapshot.headline).toMatchObject({ kind: 'gaming', name: 'Counter-Strike 2' });
    // The owner's report list says what became public.
    expect((await latestReport()).published).toEqual([
      expect.objectContaining({ kind: 'gaming', name: 'Counter-Strike 2' }),
    ]);
  });

  it('keeps the start of the game across reports and goes back to an app when the game is left', async () => {
    await report('cs2.exe');
    const first = (await getSnapshot()).activities[0]!;
    await report('cs2.exe');
    expect((await getSnapshot()).activities[0]).toMatchObject({ kind: 'gaming', startedAt: first.startedAt });
    await report('Code');
    expect(await kinds()).toEqual([['app', 'Code']]);
  });

  it('does not take javaw for Minecraft without a Minecraft window', async () => {
    await report({ name: 'javaw.exe', title: 'IntelliJ IDEA' });
    expect(await kinds()).toEqual([['app', 'javaw.exe']]);
    await report({ name: 'javaw.exe', title: 'Minecraft 1.21.4' });
    expect(await kinds()).toEqual([['gaming', 'Minecraft']]);
  });

  it('turns MyIndieGame into a game once the owner says so, for the app shown now', async () => {
    await report('MyIndieGame');
    expect(await kinds()).toEqual([['app', 'MyIndieGame']]);
    const saved = await saveGameRules(
      gameRulesSchema.parse({ games: [{ app: 'myindiegame.exe', name: 'My Indie Game' }] }),
    );
    // At once, without another report: the save publishes the recomputed snapshot.
    expect(saved.activities).toEqual([expect.objectContaining({ kind: 'gaming', name: 'My Indie Game' })]);
    await report('MyIndieGame');
    expect(await kinds()).toEqual([['gaming', 'My Indie Game']]);
  });

  it('keeps a never-a-game app an app, and applies the privacy rules for games', async () => {
    await saveGameRules(gameRulesSchema.parse({ notGames: ['Terraria'] }));
    await report('Terraria.exe');
    expect(await kinds()).toEqual([['app', 'Terraria.exe']]);
    await savePrivacyRules(
      privacyRulesSchema.parse({ games: [{ match: 'Dota 2', action: 'rename', replacement: 'a MOBA' }] }),
    );
    await report('dota2');
    expect(await kinds()).toEqual([['gaming', 'a MOBA']]);
  });
});
