// The built-in game list and the owner's game rules: which app reports are games.
import { describe, expect, it } from 'vitest';
import {
  appAsGame,
  gameNameFor,
  gameRulesSchema,
  parseGameRulesForm,
  DEFAULT_GAME_RULES,
} from '@/lib/games/game-rules';
import { knownGameName } from '@/lib/games/known-games';
import { computeSnapshot } from '@/lib/status/snapshot';
import { privacyRulesSchema } from '@/lib/status/privacy/rules';
import type { Activity } from '@/lib/status/schema';

// Each required game under the names Windows, macOS and Linux agents send.
const REQUIRED: [game: string, names: string[]][] = [
  ['Minecraft', ['Minecraft', 'Minecraft Launcher', 'MinecraftLauncher.exe', 'minecraft-launcher', 'Minecraft.app']],
  ['Genshin Impact', ['GenshinImpact.exe', 'YuanShen.exe', 'Genshin Impact']],
  [
    'League of Legends',
    ['League of Legends.exe', 'LeagueClient.exe', 'League of Legends', 'League of Legends.app', 'LeagueClient'],
  ],
  ['Counter-Strike 2', ['cs2.exe', 'cs2', 'Counter-Strike 2', 'CS2.EXE']],
  ['Dota 2', ['dota2.exe', 'dota2', 'Dota 2']],
  ['Elden Ring', ['eldenring.exe']],
  ["Baldur's Gate 3", ['bg3.exe', 'bg3_dx11.exe', "Baldur's Gate 3"]],
  ['Valorant', ['VALORANT-Win64-Shipping.exe']],
  ['Fortnite', ['FortniteClient-Win64-Shipping.exe']],
  ['Honkai: Star Rail', ['StarRail.exe']],
  ['Apex Legends', ['r5apex.exe']],
  ['Overwatch 2', ['Overwatch.exe']],
  ['Stardew Valley', ['Stardew Valley', 'StardewValley.exe', 'Stardew Valley.app']],
  ['Terraria', ['Terraria.exe', 'Terraria']],
  ['Rocket League', ['RocketLeague.exe']],
  ['Grand Theft Auto V', ['GTA5.exe']],
  ['Zenless Zone Zero', ['ZenlessZoneZero.exe']],
];

describe('knownGameName', () => {
  for (const [game, names] of REQUIRED) {
    for (const name of names) {
      it(`knows ${name} as ${game}`, () => expect(knownGameName({ name })).toBe(game));
    }
  }

  it('takes Java as Minecraft only when its window or description says so', () => {
    expect(knownGameName({ name: 'javaw.exe', title: 'Minecraft 1.21.4 - Singleplayer' })).toBe('Minecraft');
    expect(knownGameName({ name: 'java', description: 'Minecraft* 1.20.1' })).toBe('Minecraft');
    expect(knownGameName({ name: 'javaw.exe' })).toBeNull();
    expect(knownGameName({ name: 'javaw.exe', title: 'IntelliJ IDEA' })).toBeNull();
    expect(knownGameName({ name: 'java', title: 'MinecraftServerTools' })).toBeNull();
  });

  it('does not take stores, editors or look-alike names for games', () => {
    for (const name of [
      'Steam',
      'steam.exe',
      'steamwebhelper.exe',
      'Code',
      'Code.exe',
      'Visual Studio Code',
      'Epic Games Launcher',
      'cs2-helper.exe',
      'Battle.net',
      'explorer.exe',
    ]) {
      expect(knownGameName({ name }), name).toBeNull();
    }
  });
});

describe('owner rules', () => {
  const rules = gameRulesSchema.parse({
    games: [{ app: 'MyIndieGame.exe', name: 'My Indie Game' }, { app: 'Untitled Goose' }],
    notGames: ['Terraria'],
  });

  it('turns a listed app into a game, under its display name or its own', () => {
    expect(gameNameFor({ name: 'myindiegame' }, rules)).toBe('My Indie Game');
    expect(gameNameFor({ name: 'Untitled Goose.app' }, rules)).toBe('Untitled Goose.app');
    expect(gameNameFor({ name: 'MyIndieGame2.exe' }, rules)).toBeNull();
  });

  it('keeps a never-a-game app an app, even when the built-in list knows it', () => {
    expect(gameNameFor({ name: 'Terraria.exe' }, rules)).toBeNull();
    expect(gameNameFor({ name: 'cs2.exe' }, rules)).toBe('Counter-Strike 2');
  });

  it('parses the form: one app per line, "App = Name", errors by line', () => {
    expect(parseGameRulesForm(' MyGame.exe = My Game \n\nOther\n', 'Steam\r\n')).toEqual({
      success: true,
      data: { games: [{ app: 'MyGame.exe', name: 'My Game' }, { app: 'Other' }], notGames: ['Steam'] },
    });
    const refused = parseGameRulesForm('Good\n= Nameless', `${'x'.repeat(201)}`);
    expect(refused).toEqual({
      success: false,
      fieldErrors: { 'games.1': 'enter an app name', 'notGames.0': 'at most 200 characters' },
    });
  });
});

describe('in the snapshot', () => {
  const at = '2026-01-01T12:00:00.000Z';
  const now = Date.parse(at) + 1000;
  const meta = {
    source: 'mixspace',
    startedAt: '2026-01-01T11:00:00.000Z',
    updatedAt: at,
    expiresAt: '2026-01-01T12:05:00.000Z',
  };
  const cs2: Activity = { kind: 'app', name: 'cs2.exe', title: 'Counter-Strike 2', ...meta };

  it('shows a game app as a gaming activity with its start and expiry', () => {
    expect(appAsGame(cs2, DEFAULT_GAME_RULES)).toEqual({ kind: 'gaming', name: 'Counter-Strike 2', ...meta });
    const snapshot = computeSnapshot([cs2], { version: 1, now });
    expect(snapshot.activities).toEqual([{ kind: 'gaming', name: 'Counter-Strike 2', ...meta }]);
  });

  it('applies the game privacy rules to it, and keeps an app the owner hid hidden', () => {
    const rename = privacyRulesSchema.parse({
      games: [{ match: 'Counter-Strike 2', action: 'rename', replacement: 'a shooter' }],
    });
    expect(computeSnapshot([cs2], { version: 1, now, rules: rename }).activities).toMatchObject([
      { kind: 'gaming', name: 'a shooter' },
    ]);
    const hideGame = privacyRulesSchema.parse({ games: [{ match: 'Counter-Strike 2', action: 'hide' }] });
    expect(computeSnapshot([cs2], { version: 1, now, rules: hideGame }).activities).toEqual([]);
    const hideApp = privacyRulesSchema.parse({ apps: [{ match: 'cs2.exe', action: 'hide' }] });
    expect(computeSnapshot([cs2], { version: 1, now, rules: hideApp }).activities).toEqual([]);
  });

  it('keeps the newer of a reported game and a recognised one', () => {
    const reported: Activity = { kind: 'gaming', name: 'Chess', ...meta, updatedAt: '2026-01-01T11:59:00.000Z' };
    expect(computeSnapshot([reported, cs2], { version: 1, now }).activities).toMatchObject([
      { kind: 'gaming', name: 'Counter-Strike 2' },
    ]);
    const newer: Activity = { ...reported, updatedAt: '2026-01-01T12:00:00.500Z' };
    expect(computeSnapshot([newer, cs2], { version: 1, now }).activities).toMatchObject([
      { kind: 'gaming', name: 'Chess' },
    ]);
  });
});
