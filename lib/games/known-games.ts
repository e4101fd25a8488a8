// Well-known games by the process or app name a desktop reporter sends (Windows executables, macOS
// app names, Linux process names, Proton keeping the Windows name). Pure data and a matcher, no
// server imports: the admin page can use it too.

interface KnownGame {
  /** The name shown on the page. */
  name: string;
  /** Process/app names, compared after `appKey` (lower case, no .exe / .app). */
  apps: readonly string[];
  /** Names only counted when the window title or description says this (a shared runtime such as Java). */
  hostedApps?: { apps: readonly string[]; mention: RegExp };
}

export const KNOWN_GAMES: readonly KnownGame[] = [
  {
    name: 'Minecraft',
    apps: [
      'minecraft',
      'minecraft launcher',
      'minecraftlauncher',
      'minecraft-launcher',
      'minecraft.windows',
      'minecraft for windows',
    ],
    // Java Edition runs inside javaw.exe / java: only a Minecraft window makes it a game.
    hostedApps: { apps: ['javaw', 'java'], mention: /\bminecraft\b/i },
  },
  { name: 'Genshin Impact', apps: ['genshinimpact', 'yuanshen', 'genshin impact'] },
  { name: 'League of Legends', apps: ['league of legends', 'leagueclient', 'leagueclientux'] },
  { name: 'Counter-Strike 2', apps: ['cs2', 'counter-strike 2'] },
  { name: 'Dota 2', apps: ['dota2', 'dota 2'] },
  { name: 'Elden Ring', apps: ['eldenring', 'elden ring'] },
  { name: "Baldur's Gate 3", apps: ['bg3', 'bg3_dx11', "baldur's gate 3"] },
  { name: 'Valorant', apps: ['valorant-win64-shipping', 'valorant'] },
  { name: 'Fortnite', apps: ['fortniteclient-win64-shipping', 'fortnite'] },
  { name: 'Honkai: Star Rail', apps: ['starrail', 'honkai: star rail', 'honkai star rail'] },
  { name: 'Zenless Zone Zero', apps: ['zenlesszonezero', 'zenless zone zero'] },
  { name: 'Apex Legends', apps: ['r5apex', 'r5apex_dx12', 'apex legends'] },
  { name: 'Overwatch 2', apps: ['overwatch', 'overwatch 2'] },
  { name: 'Stardew Valley', apps: ['stardewvalley', 'stardew valley'] },
  { name: 'Terraria', apps: ['terraria'] },
  { name: 'Rocket League', apps: ['rocketleague', 'rocket league'] },
  { name: 'Grand Theft Auto V', apps: ['gta5', 'gta5_enhanced', 'grand theft auto v'] },
  { name: 'Cyberpunk 2077', apps: ['cyberpunk2077', 'cyberpunk 2077'] },
  { name: 'Hollow Knight', apps: ['hollow knight', 'hollow_knight'] },
  { name: 'Among Us', apps: ['among us'] },
  { name: 'Rainbow Six Siege', apps: ['rainbowsix', 'rainbowsix_vulkan'] },
  { name: 'PUBG: Battlegrounds', apps: ['tslgame'] },
  { name: 'Hearthstone', apps: ['hearthstone'] },
  { name: 'World of Warcraft', apps: ['wow', 'world of warcraft'] },
  { name: 'Factorio', apps: ['factorio'] },
  { name: 'Celeste', apps: ['celeste'] },
];

/** How names are compared: NFC, spaces collapsed, lower case, without a trailing .exe or .app. */
export function appKey(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/\.(?:exe|app)$/, '');
}

const BY_APP = new Map(KNOWN_GAMES.flatMap((game) => game.apps.map((app) => [app, game.name] as const)));
const HOSTED = KNOWN_GAMES.flatMap((game) =>
  game.hostedApps
    ? game.hostedApps.apps.map((app) => ({ app, game: game.name, mention: game.hostedApps!.mention }))
    : [],
);

/** What a reporter says about the foreground app. */
export interface AppReport {
  name: string;
  title?: string;
  description?: string;
}

/** The display name of the known game this app is, or null. */
export function knownGameName(app: AppReport): string | null {
  const key = appKey(app.name);
  const direct = BY_APP.get(key);
  if (direct) return direct;
  const hosted = HOSTED.find((h) => h.app === key);
  if (hosted && (hosted.mention.test(app.title ?? '') || hosted.mention.test(app.description ?? '')))
    return hosted.game;
  return null;
}
