import { runtimeEnv } from '@/lib/config/env';
import bcrypt from 'bcryptjs';

// bcrypt (bcryptjs, pure JS) with cost 12 ≈ 0,2–0,4 s per hash on one core: slow enough against guessing,
// fast enough for a sign-in. Tests may lower it through AREAL_BCRYPT_COST (never below 4).
const COST = Math.max(4, Number(runtimeEnv().AREAL_BCRYPT_COST ?? 12) || 12);

/** A bcrypt hash of the password (salted, cost factor COST). */
export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** Whether the password matches a bcrypt hash; false for anything that is not a bcrypt hash. */
export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  if (!/^\$2[aby]\$\d\d\$/.test(hash)) return false;
  return bcrypt.compare(password, hash);
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
