// A log line never carries a password, token, cookie, secret, credentials in a URL or file content — wherever the
// value sits in the logged object — while the fields operations need (request id, organisation, user, job id) stay.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/log/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(...chunk.toString().split('\n').filter(Boolean)); cb(); } });
  return { lines, logger: createLogger({ process: 'test' }, stream as never) };
}

const SECRETS = ['hunter2-geheim', 'tok_live_9f8e7d', 'areal.session=abc123signed', 'Bearer ingest_5eCr3t', 'Tidspunkt;Sensor;Antal\n01-01-2026 08:00;S-1;4', 'pgpass-xyz'];

describe('log redaction', () => {
  it('removes secrets by key at any depth and keeps the operational fields', () => {
    const { lines, logger } = capture();
    logger.level = 'info';
    logger.info({ requestId: 'req-1', organisation: 'org-1', user: 'user-1', jobId: 'job-1', password: SECRETS[0], token: SECRETS[1] }, 'sign-in');
    logger.info({ requestId: 'req-2', headers: { cookie: SECRETS[2], authorization: SECRETS[3] } }, 'request');
    logger.info({ jobId: 'job-2', data: { upload: { content: SECRETS[4] } }, body: 'x' }, 'job');
    logger.warn({ nested: { deeper: { newPassword: SECRETS[0], clientSecret: SECRETS[1] } } }, 'deep');
    expect(lines).toHaveLength(4);
    for (const l of lines) for (const s of SECRETS) expect(l).not.toContain(s.split('\n')[0]);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ requestId: 'req-1', organisation: 'org-1', user: 'user-1', jobId: 'job-1', password: '[redacted]', token: '[redacted]', level: 'info', msg: 'sign-in' });
    expect(JSON.parse(lines[1]).headers).toEqual({ cookie: '[redacted]', authorization: '[redacted]' });
    expect(JSON.parse(lines[2]).data.upload.content).toBe('[redacted]');
    expect(JSON.parse(lines[3]).nested.deeper).toEqual({ newPassword: '[redacted]', clientSecret: '[redacted]' });
  });

  it('keeps a URL but not the password in it, in messages and in errors', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error(`connect failed: postgresql://areal:${SECRETS[5]}@db.internal:5432/areal`) }, `retrying postgresql://areal:${SECRETS[5]}@db.internal/areal`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRETS[5]);
    const line = JSON.parse(lines[0]);
    expect(line.msg).toBe('retrying postgresql://areal:[redacted]@db.internal/areal');
    expect(line.err.message).toBe('connect failed: postgresql://areal:[redacted]@db.internal:5432/areal');
  });
});
