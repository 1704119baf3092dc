// Queues an organisation's re-score on the score queue (one waiting job per organisation: pg-boss singleton). With
// `rebuildLocalDays` the worker first rebuilds the daily and usage rollups in the organisation's time zone — what
// a change of settings.timeZone needs before any score is right again.
import type PgBoss from 'pg-boss';
import { QUEUE } from './queues';

export interface ScoreJobData {
  organisationId: string;
  /** Rebuild the daily and usage rollups (local days) before scoring: the time zone changed. */
  rebuildLocalDays?: boolean;
}

/** Sends the re-score job; a re-score with a rebuild is its own singleton, so a plain one waiting does not swallow it. */
export async function queueScore(boss: PgBoss, data: ScoreJobData): Promise<string | null> {
  const singletonKey = data.rebuildLocalDays ? `${data.organisationId}:local-days` : data.organisationId;
  return boss.send(QUEUE.score, data, { singletonKey });
}
