// Human-readable log lines for the demo terminal (AREAL_LOG_FORMAT=pretty, set by `npm run demo` only): the same
// pino events, already redacted, as one short line each — `04:15:01 INFO  web     GET /api/scores 200 12 ms` —
// instead of a JSON object. Production keeps JSON (journald, jq). No dependency: pino-pretty is not installed.
import type { DestinationStream } from 'pino';

const HIDDEN = new Set(['time', 'level', 'service', 'process', 'msg', 'pid', 'hostname', 'method', 'path', 'status', 'ms', 'requestId']);
const COLOURS: Record<string, string> = { trace: '90', debug: '90', info: '36', warn: '33', error: '31', fatal: '41;97' };

const value = (v: unknown): string => {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  if (v && typeof v === 'object' && 'message' in v) return JSON.stringify((v as { message: unknown }).message);
  return JSON.stringify(v);
};

/** One JSON log line as one readable line (the input unchanged when it is not JSON). */
export function prettyLine(json: string, colour = false): string {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const paint = (code: string | undefined, s: string) => (colour && code ? `\u001b[${code}m${s}\u001b[0m` : s);
  const level = String(e.level ?? 'info');
  const time = typeof e.time === 'string' ? e.time.slice(11, 19) : new Date().toISOString().slice(11, 19);
  const parts = [paint('90', time), paint(COLOURS[level], level.toUpperCase().padEnd(5)), String(e.process ?? '').padEnd(7)];
  if (e.msg === 'request' && e.method && e.path) {
    const status = Number(e.status);
    parts.push(`${e.method} ${e.path} ${paint(status >= 500 ? '31' : status >= 400 ? '33' : undefined, String(e.status))} ${e.ms} ms`);
  } else {
    parts.push(String(e.msg ?? ''));
  }
  const rest = Object.entries(e).filter(([k, v]) => !HIDDEN.has(k) && v !== undefined && v !== null);
  if (rest.length) parts.push(paint('90', rest.map(([k, v]) => `${k}=${value(v)}`).join(' ')));
  return parts.join(' ');
}

/** A pino destination writing readable lines to `out` (stdout), coloured when it is a terminal. */
export function prettyDestination(out: { write(s: string): unknown; isTTY?: boolean } = process.stdout, colourAllowed = true): DestinationStream {
  const colour = Boolean(out.isTTY) && colourAllowed;
  return { write: (chunk: string) => void out.write(`${chunk.split('\n').filter(Boolean).map((l) => prettyLine(l, colour)).join('\n')}\n`) };
}
