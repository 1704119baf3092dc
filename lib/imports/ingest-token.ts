// Per-organisation bearer tokens for sensor platforms (POST /api/ingest/occupancy). The token is shown once
// at creation; only its sha256 is stored, so a database leak does not leak working tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';

type Queryable = ClientBase | Pool;

/** sha256 (hex) of a token, as stored in ingest_token.token_hash. */
export function hashIngestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a token for the organisation; returns its id and the token text (shown once, never stored). */
export async function createIngestToken(db: Queryable, organisationId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `areal_${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO ingest_token (organisation_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id',
    [organisationId, name, hashIngestToken(token)],
  );
  return { id: rows[0].id, token };
}

/** The organisation a token belongs to, or null when the token is unknown or revoked. */
export async function verifyIngestToken(db: Queryable, token: string): Promise<{ tokenId: string; organisationId: string } | null> {
  if (!/^areal_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const { rows } = await db.query<{ id: string; organisation_id: string }>(
    'SELECT id, organisation_id FROM ingest_token WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashIngestToken(token)],
  );
  return rows[0] ? { tokenId: rows[0].id, organisationId: rows[0].organisation_id } : null;
}

/** Revokes a token (it stops working at once). */
export async function revokeIngestToken(db: Queryable, organisationId: string, id: string): Promise<boolean> {
  const res = await db.query('UPDATE ingest_token SET revoked_at = now() WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL', [id, organisationId]);
  return (res.rowCount ?? 0) > 0;
}

export interface IngestTokenRow {
  id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** The organisation's ingest tokens, newest first (never the token itself: only its hash is stored). */
export async function listIngestTokens(db: Queryable, organisationId: string): Promise<IngestTokenRow[]> {
  const { rows } = await db.query<IngestTokenRow>('SELECT id, name, created_at, revoked_at FROM ingest_token WHERE organisation_id = $1 ORDER BY created_at DESC', [organisationId]);
  return rows;
}
