// Structured JSON logs (pino, one line per event on stdout; journald or the container runtime collects them).
// Every line of a request carries its request id, organisation and user; every line of a job its job id and queue.
// What must never reach a log: passwords, tokens, cookies, secrets, connection strings with credentials, file
// content. They are removed by key wherever they sit in a logged object (REDACT_KEYS, at any depth up to four),
// and messages are checked for URLs with credentials — tests/unit/log/redaction.test.ts proves both.
import pino, { type DestinationStream, type Logger } from 'pino';
import { runtimeEnv } from '@/lib/config/env';
import { prettyDestination } from './pretty';

/** Keys whose values never reach a log line, at any level of a logged object. */
export const REDACT_KEYS = [
  'password', 'newPassword', 'currentPassword', 'token', 'accessToken', 'refreshToken', 'idToken', 'secret', 'clientSecret',
  'authorization', 'cookie', 'set-cookie', 'apiKey', 'content', 'body', 'fileContent', 'chunk', 'connectionString', 'DATABASE_URL',
] as const;

const depthPaths = (key: string) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? '' : '.';
  return [k, `*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`];
};

const CREDENTIALS_IN_URL = /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi;

const logLevel = () => {
  const e = runtimeEnv();
  return e.AREAL_LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info');
};

/** A logger writing JSON lines to `destination` (default stdout); level from AREAL_LOG_LEVEL (info). */
export function createLogger(bindings: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      level: logLevel(),
      base: { service: 'areal', ...bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_KEYS.flatMap(depthPaths), censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // A message or error text that quotes a URL with user:password@ keeps the URL, not the password.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? a.replace(CREDENTIALS_IN_URL, '$1$2:[redacted]@') : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (e: Error) => ({ type: e.name, message: e.message.replace(CREDENTIALS_IN_URL, '$1$2:[redacted]@'), stack: e.stack?.replace(CREDENTIALS_IN_URL, '$1$2:[redacted]@') }),
      },
    },
    destination,
  );
}

declare global {
  var arealLogger: Logger | undefined;
}

/** The process's logger: JSON lines, or readable lines with AREAL_LOG_FORMAT=pretty (the demo's terminal). */
export function log(): Logger {
  if (!globalThis.arealLogger) {
    const e = runtimeEnv();
    globalThis.arealLogger = createLogger({ process: e.AREAL_PROCESS }, e.AREAL_LOG_FORMAT === 'pretty' ? prettyDestination(process.stdout, !e.NO_COLOR) : undefined);
  }
  return globalThis.arealLogger;
}
