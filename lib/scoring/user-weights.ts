// Score weights: the organisation's defaults, a user's saved weights, and request overrides ("0.5,0.3,0.2" or
// "utilisation:0.5,cost:0.3,condition:0.2"). Weights need not sum to 1; combineScores() normalises them.
import type { ClientBase } from 'pg';
import { parseOrganisationSettings, scoreWeightsSchema, type ScoreWeights } from '@/lib/organisations/settings';

/** Parses a weights query parameter; throws a ZodError (→ 400) when malformed. */
export function parseWeightsParam(raw: string, defaults: ScoreWeights): ScoreWeights {
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const out: Record<string, number> = { ...defaults };
  if (parts.every((p) => !p.includes(':'))) {
    const keys = ['utilisation', 'cost', 'condition'];
    parts.forEach((p, i) => (out[keys[i] ?? `extra${i}`] = Number(p)));
  } else {
    for (const p of parts) {
      const [k, v] = p.split(':');
      out[k.trim()] = Number(v);
    }
  }
  return scoreWeightsSchema.strict().parse(out);
}

/** Stored weights (user_score_weights.weights) as ScoreWeights, or null when none are stored or they are not valid. */
export function parseSavedWeights(stored: unknown): ScoreWeights | null {
  if (stored === null || stored === undefined) return null;
  const parsed = scoreWeightsSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** A user's saved weights in an organisation, or null. */
export async function loadUserWeights(client: Pick<ClientBase, 'query'>, userId: string, organisationId: string): Promise<ScoreWeights | null> {
  const { rows } = await client.query<{ weights: unknown }>('SELECT weights FROM user_score_weights WHERE user_id = $1 AND organisation_id = $2', [userId, organisationId]);
  return parseSavedWeights(rows[0]?.weights);
}

/** Saves (upserts) a user's weights in an organisation; returns what was stored. */
export async function saveUserWeights(client: Pick<ClientBase, 'query'>, userId: string, organisationId: string, weights: ScoreWeights): Promise<ScoreWeights> {
  const w = scoreWeightsSchema.parse(weights);
  await client.query(
    `INSERT INTO user_score_weights (user_id, organisation_id, weights, updated_at) VALUES ($1, $2, $3::jsonb, now())
     ON CONFLICT (user_id, organisation_id) DO UPDATE SET weights = EXCLUDED.weights, updated_at = now()`,
    [userId, organisationId, JSON.stringify(w)],
  );
  return w;
}

/** Forgets a user's weights in an organisation (the organisation's defaults apply again). */
export async function deleteUserWeights(client: Pick<ClientBase, 'query'>, userId: string, organisationId: string): Promise<void> {
  await client.query('DELETE FROM user_score_weights WHERE user_id = $1 AND organisation_id = $2', [userId, organisationId]);
}

export interface WeightsView {
  /** What applies: the saved weights, else the organisation's defaults. */
  weights: ScoreWeights;
  saved: boolean;
  defaults: ScoreWeights;
}

/** The user's weights as GET /api/scores/weights shows them: the organisation's defaults and the saved ones in one round trip. */
export async function loadWeightsView(client: Pick<ClientBase, 'query'>, userId: string, organisationId: string): Promise<WeightsView> {
  const { rows } = await client.query<{ settings: unknown; weights: unknown }>(
    `SELECT o.settings, w.weights FROM organisation o
       LEFT JOIN user_score_weights w ON w.organisation_id = o.id AND w.user_id = $2
      WHERE o.id = $1`,
    [organisationId, userId],
  );
  const defaults = parseOrganisationSettings(rows[0]?.settings).scoreWeights;
  const saved = parseSavedWeights(rows[0]?.weights);
  return { weights: saved ?? defaults, saved: saved !== null, defaults };
}
