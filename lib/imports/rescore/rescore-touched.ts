// Stage 7 of the import pipeline — re-score: the scores of the buildings the import changed follow in the same
// transaction (incremental re-score of the latest scored period, lib/scoring): their rollups (occupancy), their
// cost records (cost score) or their maintenance plan (condition score); their category's peers are re-ranked.
import type { PoolClient } from 'pg';
import { rescoreBuildings } from '@/lib/scoring/compute-scores';

export interface RescoreInput {
  organisationId: string;
  /** DerivedReadings.buildingIds (occupancy), or MergeCounts.buildingIds (costs, maintenance). */
  buildingIds: readonly string[];
  /** The scoring clock. */
  asOf: Date;
}

export interface Rescored {
  rewritten: number;
  ms: number;
}

/** Re-scores the touched buildings; nothing to do when none was touched. */
export async function rescoreTouched(client: PoolClient, input: RescoreInput): Promise<Rescored> {
  return rescoreBuildings(client, input.organisationId, input.buildingIds, input.asOf);
}
