// Mix Space's v3 path: some ProcessReporter agents are configured with it. The same handlers as v2.
export { GET, OPTIONS, POST } from '../../../../v2/fn/ps/update/route';

export const dynamic = 'force-dynamic';
