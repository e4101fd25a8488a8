// Playwright's global teardown: the shared server has stopped; its database file goes too.
import { e2eDatabaseUrl, e2ePort, removeSqlite } from './app-server';

export default function teardown() {
  removeSqlite(e2eDatabaseUrl(), 'e2e', e2ePort());
}
