// Uploaded files are streamed to a managed folder per organisation before anything is read, so the preview,
// the dry run and the confirmed import read the same bytes, and a browser upload never sits in memory. The import
// itself runs in the worker process (lib/jobs), which reads the same folder (AREAL_UPLOAD_DIR, default the system
// temp folder — set it for a deployment where web and worker do not share /tmp) and checks the SHA-256 taken here.
// Limits (lib/config/limits.ts, docs/security.md): 2 GiB per file, a quota per organisation of bytes kept at once;
// files older than a day are removed.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '@/lib/api/errors';
import { UPLOAD_KEEP_MS, UPLOAD_MAX_BYTES, UPLOAD_QUOTA_BYTES_PER_ORGANISATION } from '@/lib/config/limits';
import { runtimeEnv } from '@/lib/config/env';

export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;
const KEEP_MS = UPLOAD_KEEP_MS;
const root = () => runtimeEnv().AREAL_UPLOAD_DIR || path.join(tmpdir(), 'areal-uploads');

export interface StoredUpload {
  id: string;
  name: string;
  size: number;
  path: string;
  /** SHA-256 of the stored bytes (hex), taken while they arrived; null for uploads stored before it was kept. */
  sha256: string | null;
}

function dirFor(organisationId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(organisationId)) throw new Error('bad organisation id');
  return path.join(root(), organisationId);
}

/** A file of the organisation's managed folder that is not an upload (a rendered PDF, say); removed after a day too. */
export async function managedFilePath(organisationId: string, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error('bad file name');
  const dir = dirFor(organisationId);
  await mkdir(dir, { recursive: true });
  return path.join(dir, name);
}

/** The file is larger than the per-file limit. */
export class UploadTooLarge extends ApiError {
  constructor(readonly limitBytes: number) {
    super('payload_too_large', `Files up to ${limitBytes} bytes`);
  }
}

const gb = (bytes: number, locale: string) => (bytes / 1024 ** 3).toLocaleString(locale, { maximumFractionDigits: 1 });

/** The organisation's uploads would hold more than its quota: `usedBytes` are kept already, `quotaBytes` allowed. */
export class UploadQuotaExceeded extends ApiError {
  constructor(readonly usedBytes: number, readonly quotaBytes: number) {
    super('quota_exceeded', {
      da: `Organisationens uploadkvote på ${gb(quotaBytes, 'da-DK')} GB er brugt (${gb(usedBytes, 'da-DK')} GB gemt). Uploads slettes efter et døgn; prøv igen senere eller med en mindre fil.`,
      en: `The organisation's upload quota of ${gb(quotaBytes, 'en-GB')} GB is used (${gb(usedBytes, 'en-GB')} GB kept). Uploads are deleted after a day; try again later or with a smaller file.`,
    }, { details: { usedBytes, quotaBytes } });
  }
}

// Bytes being written right now per organisation (this process), so two concurrent uploads cannot both fit the
// same free part of the quota.
const inFlight = new Map<string, number>();

/** Bytes the organisation keeps in managed uploads (files not yet expired), in-flight uploads of this process included. */
export async function uploadBytesUsed(organisationId: string): Promise<number> {
  const dir = dirFor(organisationId);
  let used = inFlight.get(organisationId) ?? 0;
  const names = new Set(await readdir(dir).catch(() => [] as string[]));
  // A finished upload has its .json beside it; one still being written is counted by inFlight instead.
  for (const f of names) if (!f.endsWith('.json') && names.has(`${f}.json`)) used += await stat(path.join(dir, f)).then((s) => s.size, () => 0);
  return used;
}

/**
 * Streams a request body to disk under the organisation's folder; throws UploadTooLarge past the per-file limit
 * and UploadQuotaExceeded when the organisation's stored uploads would pass `quota` (expired files are removed
 * first, and the file is cut off the moment it would pass either bound).
 */
export async function saveUpload(
  organisationId: string, name: string, body: ReadableStream<Uint8Array>, limit = MAX_UPLOAD_BYTES, quota = UPLOAD_QUOTA_BYTES_PER_ORGANISATION,
  /** Who uploaded it (kept beside the file, so facility staff find only their own uploads). */
  userId: string | null = null,
): Promise<StoredUpload> {
  const dir = dirFor(organisationId);
  await mkdir(dir, { recursive: true });
  await cleanOldUploads(dir);
  const used = await uploadBytesUsed(organisationId);
  if (used >= quota) {
    await body.cancel().catch(() => undefined);
    throw new UploadQuotaExceeded(used, quota);
  }
  const id = randomUUID();
  const file = path.join(dir, id);
  let size = 0;
  const hash = createHash('sha256');
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      hash.update(chunk);
      inFlight.set(organisationId, (inFlight.get(organisationId) ?? 0) + chunk.length);
      if (size > limit) return cb(new UploadTooLarge(limit));
      if (used + size > quota) return cb(new UploadQuotaExceeded(used, quota));
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as never), counter, createWriteStream(file));
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  } finally {
    const left = (inFlight.get(organisationId) ?? 0) - size;
    if (left > 0) inFlight.set(organisationId, left);
    else inFlight.delete(organisationId);
  }
  const safeName = path.basename(name).slice(0, 200) || 'upload';
  const sha256 = hash.digest('hex');
  await writeFile(`${file}.json`, JSON.stringify({ name: safeName, size, sha256, userId }));
  return { id, name: safeName, size, path: file, sha256 };
}

/**
 * A stored upload of this organisation, or null (unknown id, other organisation, expired — or, with `ownerScope`,
 * uploaded by someone else: facility staff read only their own).
 */
export async function findUpload(organisationId: string, id: string, ownerScope: string | null = null): Promise<StoredUpload | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const file = path.join(dirFor(organisationId), id);
  try {
    const meta = JSON.parse(await readFile(`${file}.json`, 'utf8')) as { name: string; size: number; sha256?: string; userId?: string | null };
    if (ownerScope !== null && meta.userId !== ownerScope) return null;
    return { id, name: meta.name, size: meta.size, path: file, sha256: meta.sha256 ?? null };
  } catch {
    return null;
  }
}

/** Removes every organisation's expired uploads (scheduled upkeep); returns the files removed. */
export async function removeExpiredUploads(nowMs = Date.now()): Promise<number> {
  let removed = 0;
  for (const org of await readdir(root()).catch(() => [] as string[])) {
    if (/^[0-9a-f-]{36}$/.test(org)) removed += await cleanOldUploads(path.join(root(), org), nowMs);
  }
  return removed;
}

async function cleanOldUploads(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  try {
    for (const f of await readdir(dir)) {
      const p = path.join(dir, f);
      if (now - (await stat(p)).mtimeMs > KEEP_MS) {
        await rm(p, { force: true });
        if (!f.endsWith('.json')) removed += 1;
      }
    }
  } catch {
    // Best effort.
  }
  return removed;
}
