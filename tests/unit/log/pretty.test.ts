// The demo's readable log lines (AREAL_LOG_FORMAT=pretty): one short line per event, the same fields, and the
// same redaction as the JSON lines (pino redacts before the destination sees the line).
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/log/logger';
import { prettyDestination, prettyLine } from '@/lib/log/pretty';

function capture() {
  const lines: string[] = [];
  const out = { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) };
  return { lines, logger: createLogger({ process: 'web' }, prettyDestination(out)) };
}

describe('pretty log lines', () => {
  it('prints a request as method, path, status and time, with the context after it', () => {
    const { lines, logger } = capture();
    logger.level = 'info';
    logger.info({ requestId: 'req-1', method: 'GET', path: '/api/scores', status: 200, ms: 12, organisation: 'org-1', user: 'user-1' }, 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO  web {5}GET \/api\/scores 200 12 ms organisation=org-1 user=user-1$/);
    expect(lines[0]).not.toContain('{');
  });

  it('prints other events as their message and fields, errors by their message, and still redacts', () => {
    const { lines, logger } = capture();
    logger.level = 'info';
    logger.warn({ jobId: 'job-1', queue: 'import', attempt: 2, password: 'hunter2-geheim' }, 'job of a lost worker failed back to its queue');
    logger.error({ err: new Error('connect failed: postgresql://areal:pgpass-xyz@db/areal') }, 'job failed');
    logger.debug({ x: 1 }, 'below the level');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/WARN {2}web {5}job of a lost worker failed back to its queue jobId=job-1 queue=import attempt=2 password=\[redacted\]$/);
    expect(lines[1]).toContain('ERROR web     job failed err="connect failed: postgresql://areal:[redacted]@db/areal"');
    expect(lines.join('\n')).not.toMatch(/hunter2|pgpass-xyz/);
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(prettyLine('plain text\n')).toBe('plain text');
  });
});
