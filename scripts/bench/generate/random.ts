// Deterministic pseudo-random numbers for reproducible bench data (same seed → same portfolio).

/** mulberry32: a fast 32-bit PRNG returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller) from a uniform source. */
export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** A 32-bit integer hash of two integers, for per-(sensor, day) decisions without state. */
export function hash2(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A deterministic UUID-shaped id (version 4 layout) from a PRNG. */
export function uuidFrom(rand: () => number): string {
  // Four hex digits per draw: a 32-bit PRNG cannot fill 12 digits from one float.
  const hex = (n: number) => {
    let out = '';
    while (out.length < n) out += Math.floor(rand() * 65536).toString(16).padStart(4, '0');
    return out.slice(0, n);
  };
  const variant = (8 + Math.floor(rand() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** A seed derived from an organisation slug (FNV-1a), so two bench organisations never share ids. */
export function seedFor(slug: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) h = Math.imul(h ^ slug.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
