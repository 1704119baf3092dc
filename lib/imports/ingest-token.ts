// Per-organisation bearer tokens for sensor platforms (POST /api/ingest/occupancy). The token is shown once
// at creation; only its sha256 is stored, so a database leak does not leak working tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { IngestToken } from '@/lib/db/generated/client';
import { prismaOf, type Database } from '@/lib/db/prisma';

/** sha256 (hex) of a token, as stored in ingest_token.token_hash. */
export function hashIngestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a token for the organisation; returns its id and the token text (shown once, never stored). */
export async function createIngestToken(db: Database, organisationId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `areal_${randomBytes(32).toString('base64url')}`;
  const { id } = await prismaOf(db).ingestToken.create({ data: { organisationId, name, tokenHash: hashIngestToken(token) }, select: { id: true } });
  return { id, token };
}

/** The organisation a token belongs to, or null when the token is unknown or revoked. */
export async function verifyIngestToken(db: Database, token: string): Promise<{ tokenId: string; organisationId: string } | null> {
  if (!/^areal_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await prismaOf(db).ingestToken.findFirst({ where: { tokenHash: hashIngestToken(token), revokedAt: null }, select: { id: true, organisationId: true } });
  return row ? { tokenId: row.id, organisationId: row.organisationId } : null;
}

/** Revokes a token (it stops working at once). */
export async function revokeIngestToken(db: Database, organisationId: string, id: string): Promise<boolean> {
  const { count } = await prismaOf(db).ingestToken.updateMany({ where: { id, organisationId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

/** A token as the admin page lists it (never the token itself: only its hash is stored). */
export type IngestTokenRow = Pick<IngestToken, 'id' | 'name' | 'createdAt' | 'revokedAt'>;

/** The organisation's ingest tokens, newest first. */
export async function listIngestTokens(db: Database, organisationId: string): Promise<IngestTokenRow[]> {
  return prismaOf(db).ingestToken.findMany({
    where: { organisationId },
    select: { id: true, name: true, createdAt: true, revokedAt: true },
    orderBy: { createdAt: 'desc' },
  });
}
