// Browser tests create scenarios in the demo organisation through the UI and API; they remove them afterwards so
// the demo a person opens after `npm test` shows the demo's own scenarios, not dozens of test leftovers.
import { Client } from 'pg';
import { env } from '@/lib/config/env';

/** A marker unique to this test run, to put in the names of the scenarios a test creates. */
export const testStamp = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** Deletes every scenario whose name contains stamp (its actions go with it; the audit log keeps its rows). */
export async function deleteTestScenarios(stamp: string): Promise<number> {
  if (stamp.length < 6) throw new Error('refusing to delete scenarios by a marker this short');
  const db = new Client({ connectionString: env().DATABASE_URL });
  await db.connect();
  try {
    const { rowCount } = await db.query(`DELETE FROM scenario WHERE strpos(name, $1) > 0`, [stamp]);
    return rowCount ?? 0;
  } finally {
    await db.end();
  }
}
