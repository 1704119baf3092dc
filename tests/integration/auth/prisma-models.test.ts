// The auth models of migrations 20261123500000_auth and 20261123700000_rate_limit round-trip through the generated Prisma client (listed in
// EXTRA_MODELS_TESTED_ELSEWHERE of tests/integration/db/prisma-roundtrip.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { env } from '@/lib/config/env';
import { createPrisma } from '@/lib/db/prisma';
import { createTestDb, type TestDb } from '@/tests/helpers/test-db';

let db: TestDb;
let prisma: ReturnType<typeof createPrisma>;
beforeAll(async () => {
  db = await createTestDb();
  prisma = createPrisma(env().DATABASE_URL, db.schema);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

it('AppUser (auth columns), AuthSession, AuthAccount and AuthVerification write and read back', async () => {
  const user = await prisma.appUser.create({ data: { email: 'auth-rt@example.dk', name: 'Auth RT', emailVerified: true } });
  expect(user).toMatchObject({ emailVerified: true, image: null, disabledAt: null });
  const expiresAt = new Date('2026-11-24T08:00:00Z');
  const org = await prisma.organisation.create({ data: { slug: 'auth-rt', name: 'Auth RT' } });
  const session = await prisma.authSession.create({ data: { userId: user.id, token: 'tok-1', expiresAt, ipAddress: '192.0.2.1', userAgent: 'ua', activeOrganisationId: org.id } });
  expect(session.activeOrganisationId).toBe(org.id);
  const account = await prisma.authAccount.create({ data: { userId: user.id, accountId: user.id, providerId: 'credential', password: '$2b$04$hash' } });
  const verification = await prisma.authVerification.create({ data: { identifier: 'state', value: 'v', expiresAt } });
  const back = await prisma.appUser.findUniqueOrThrow({ where: { id: user.id }, include: { authSessions: true, authAccounts: true } });
  expect(back.authSessions).toEqual([session]);
  expect(back.authAccounts).toEqual([account]);
  expect(await prisma.authVerification.findUniqueOrThrow({ where: { id: verification.id } })).toEqual(verification);
  await prisma.appUser.delete({ where: { id: user.id } });
  expect(await prisma.authSession.count()).toBe(0);
  expect(await prisma.authAccount.count()).toBe(0);
  await prisma.organisation.delete({ where: { id: org.id } });
});

it('RateLimitBucket writes and reads back (lib/auth/rate-limit.ts writes it with SQL)', async () => {
  const data = { limiter: 'sign-in:account', key: 'rt@example.dk', tokens: 3.5, granted: true, updatedAt: new Date('2026-11-23T09:00:00Z'), expiresAt: new Date('2026-11-23T09:00:45Z') };
  const row = await prisma.rateLimitBucket.create({ data });
  expect(row).toEqual(data);
  expect(await prisma.rateLimitBucket.findUniqueOrThrow({ where: { limiter_key: { limiter: data.limiter, key: data.key } } })).toEqual(data);
});
