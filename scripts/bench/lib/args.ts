// The bench CLIs' flags, through node:util parseArgs like the other scripts: every flag declared, an unknown flag or
// a missing value is a usage error (exit 2, with node's message), --help prints the usage. Numbers may be written
// 10000, 10_000, 10k, 1M or 1e6 (numberFlag).
import { parseArgs, type ParseArgsConfig } from 'node:util';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** The flags of `argv` (default the process's); exits with `usage` on --help (0) or a usage error (2). */
export function benchFlags<const O extends FlagOptions>(usage: string, options: O, argv: string[] = process.argv.slice(2)) {
  if (argv.includes('--help')) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}

/** A numeric flag accepting 10000, 10_000, 10k, 1M, 1e6. */
export function numberFlag(flags: Record<string, unknown>, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const m = typeof raw === 'string' ? /^([\d_.e+]+)\s*([kKmM]?)$/.exec(raw.trim()) : null;
  if (!m) throw new Error(`--${name} must be a number, got ${String(raw)}`);
  const base = Number(m[1].replace(/_/g, ''));
  const mult = m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1;
  const value = base * mult;
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${raw}`);
  return value;
}
