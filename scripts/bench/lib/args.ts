// Tiny --flag=value / --flag value parser for the bench CLIs (no dependency needed for five flags).

/** Parses process.argv-style flags into a map; bare flags become 'true'. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), 'true');
  }
  return flags;
}

/** A numeric flag accepting 10000, 10_000, 10k, 1M, 1e6. */
export function numberFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const m = /^([\d_.e+]+)\s*([kKmM]?)$/.exec(raw.trim());
  if (!m) throw new Error(`--${name} must be a number, got ${raw}`);
  const base = Number(m[1].replace(/_/g, ''));
  const mult = m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1;
  const value = base * mult;
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${raw}`);
  return value;
}
