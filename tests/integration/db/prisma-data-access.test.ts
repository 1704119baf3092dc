// The data access that moved to Prisma Client (docs/architecture.md § Prisma Client and raw SQL), against a real
// PostGIS: the client rides on the pool it is given (a test's schema, not public), a change and its audit row
// commit or roll back together, the pg path kept for set-based units writes the same audit row as the Prisma path,
// and the ingest-token admin action creates, lists and revokes through the typed model.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenAction, revokeTokenAction } from '@/app/admin/tokens/actions';
import { runWithRequestContext } from '@/lib/api/request-context';
import { recordAudit } from '@/lib/audit/record';
import { inTransaction, prismaFor } from '@/lib/db/prisma';
import { withTransaction } from '@/lib/db/pool';
import { listIngestTokens, verifyIngestToken } from '@/lib/imports/ingest-token';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { createRouteTestDb, type RouteTestDb } from '@/tests/helpers/route-test-db';
import { createOrgFixture, fixtureCookie, type OrgFixture } from '../auth/fixtures';

vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
process.env.AREAL_BCRYPT_COST ??= '4';

let db: RouteTestDb;
let org: OrgFixture;

beforeAll(async () => {
  db = await createRouteTestDb();
  org = await createOrgFixture(db.pool, 'prisma-da');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('the shared client', () => {
  it("runs on the pool it is given: a test pool's client sees that test's schema", async () => {
    const prisma = prismaFor(db.pool);
    expect(prismaFor(db.pool)).toBe(prisma);
    expect(await prisma.organisation.findUnique({ where: { id: org.id }, select: { slug: true } })).toEqual({ slug: 'prisma-da' });
  });

  it('reads the settings the same way through Prisma and on a pg connection', async () => {
    await db.pool.query(`UPDATE organisation SET settings = '{"scoreWeights": {"utilisation": 0.7, "cost": 0.2, "condition": 0.1}}' WHERE id = $1`, [org.id]);
    const viaPrisma = await loadOrganisationSettings(db.pool, org.id);
    const viaPg = await withTransaction(db.pool, (client) => loadOrganisationSettings(client, org.id));
    expect(viaPrisma.scoreWeights).toEqual({ utilisation: 0.7, cost: 0.2, condition: 0.1 });
    expect(viaPg).toEqual(viaPrisma);
  });
});

describe('audit rows', () => {
  const entry = (entityId: string) => ({ organisationId: org.id, userId: org.users.admin.id, action: 'settings.change' as const, entity: 'organisation', entityId, before: null, after: { a: [1, 'x'] } });
  const row = async (id: string) =>
    (await db.pool.query(`SELECT organisation_id, user_id, action, entity, entity_id, before, after, jsonb_typeof(before) AS before_type FROM audit_log WHERE id = $1`, [id])).rows[0];

  it('the Prisma path and the pg-connection path write the same row (before: null is JSON null, a missing side SQL NULL)', async () => {
    const viaPrisma = await recordAudit(db.pool, entry('e-1'));
    const viaPg = await withTransaction(db.pool, (client) => recordAudit(client, entry('e-1')));
    expect(Number(viaPg)).toBeGreaterThan(Number(viaPrisma));
    expect(await row(viaPg)).toEqual(await row(viaPrisma));
    expect((await row(viaPrisma)).before_type).toBe('null');
    const noSides = await recordAudit(db.pool, { ...entry('e-2'), before: undefined, after: undefined });
    expect(await row(noSides)).toMatchObject({ before: null, after: null, before_type: null });
  });

  it('a change and its audit row roll back together in one Prisma transaction', async () => {
    const failed = inTransaction(db.pool, async (tx) => {
      await tx.organisation.update({ where: { id: org.id }, data: { name: 'Renamed' } });
      // A data-access call handed the transaction joins it (no second transaction, no second connection).
      await inTransaction(tx, (inner) => recordAudit(inner, entry('rolled-back')));
      throw new Error('refused');
    });
    await expect(failed).rejects.toThrow('refused');
    const { rows } = await db.pool.query(`SELECT (SELECT name FROM organisation WHERE id = $1) AS name, (SELECT count(*)::int FROM audit_log WHERE entity_id = 'rolled-back') AS audited`, [org.id]);
    expect(rows[0]).toEqual({ name: 'Org prisma-da', audited: 0 });
  });
});

describe('ingest tokens through the admin action', () => {
  it('creates (audited, verifiable), lists newest first and revokes (audited, no longer verifiable)', async () => {
    const headers = new Headers({ cookie: await fixtureCookie(db.auth, org.users.admin.email, '192.0.2.71') });
    const act = <T>(fn: () => Promise<T>) => runWithRequestContext({ requestId: 'test', headers }, fn);
    const form = new FormData();
    form.set('name', 'Sensorportal');
    const created = await act(() => createTokenAction({ token: null }, form));
    expect(created.token).toMatch(/^areal_/);
    const verified = await verifyIngestToken(db.pool, created.token!);
    expect(verified?.organisationId).toBe(org.id);
    const [listed] = await listIngestTokens(db.pool, org.id);
    expect(listed).toMatchObject({ id: verified!.tokenId, name: 'Sensorportal', revokedAt: null });
    expect(listed.createdAt).toBeInstanceOf(Date);

    const revoke = new FormData();
    revoke.set('tokenId', verified!.tokenId);
    await act(() => revokeTokenAction(revoke));
    expect(await verifyIngestToken(db.pool, created.token!)).toBeNull();
    expect((await listIngestTokens(db.pool, org.id))[0].revokedAt).toBeInstanceOf(Date);
    const { rows } = await db.pool.query(`SELECT action, user_id FROM audit_log WHERE entity = 'ingest_token' AND entity_id = $1 ORDER BY id`, [verified!.tokenId]);
    expect(rows).toEqual([
      { action: 'token.create', user_id: org.users.admin.id },
      { action: 'token.revoke', user_id: org.users.admin.id },
    ]);
  });
});
