// The public form of an activity: the owner's rules (hide, rename, which details show), then
// scrubbing. Run on the server before anything is public; pure, so the admin preview runs it too.
import type { Activity } from '../schema';
import { ruleMatches, type NameRule, type PrivacyRules } from './rules';
import { publicFileName, scrubActivity, scrubText } from './scrub';

type RuleOutcome = { hidden: true } | { hidden: false; value: string | undefined };

/** First matching rule wins. A rule matches the value as reported or as it would be published. */
function applyNameRules(value: string | undefined, rules: readonly NameRule[]): RuleOutcome {
  if (!value) return { hidden: false, value };
  const published = scrubText(value);
  for (const rule of rules) {
    if (!ruleMatches(rule, value) && !(published && published !== value && ruleMatches(rule, published))) continue;
    if (rule.action === 'hide') return { hidden: true };
    // An incomplete rename (only possible in an unsaved draft) changes nothing.
    if (rule.replacement?.trim()) return { hidden: false, value: rule.replacement.trim() };
  }
  return { hidden: false, value };
}

/** The public form of one activity, or null when the rules hide it. */
export function applyPrivacy(activity: Activity, rules: PrivacyRules): Activity | null {
  const a = { ...activity } as Activity;
  switch (a.kind) {
    case 'coding': {
      if (a.file) {
        if (!rules.showFileNames) delete a.file;
        else a.file = publicFileName(a.file);
      }
      if (!rules.showMachineName) delete a.machine;
      const project = applyNameRules(a.project, rules.projects);
      if (project.hidden) {
        delete a.project;
        delete a.file;
        delete a.branch;
      } else a.project = project.value;
      break;
    }
    case 'app': {
      if (!rules.showWindowTitles) delete a.title;
      const name = applyNameRules(a.name, rules.apps);
      if (name.hidden || !name.value) return null;
      a.name = name.value;
      break;
    }
    case 'music': {
      const player = applyNameRules(a.player, rules.players);
      if (player.hidden) return null;
      a.player = player.value;
      break;
    }
    case 'gaming': {
      const game = applyNameRules(a.name, rules.games);
      if (game.hidden || !game.value) return null;
      a.name = game.value;
      break;
    }
    case 'manual':
      break;
  }
  const scrubbed = scrubActivity(a);
  // A name that was nothing but a path is no name at all.
  if ((scrubbed.kind === 'app' || scrubbed.kind === 'gaming') && !scrubbed.name) return null;
  return scrubbed;
}
