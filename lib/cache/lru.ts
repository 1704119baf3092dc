// A small in-process LRU of values loaded asynchronously, bounded by entry count and by bytes. Used for responses
// that are keyed by an organisation's data version (lib/map/data-version.ts): a new version is a new key, so an
// entry never has to be invalidated — it is just not asked for again and falls out as least recently used.

export interface LruOptions<V> {
  maxEntries: number;
  maxBytes: number;
  /** Approximate bytes an entry holds. */
  sizeOf: (value: V) => number;
}

export interface LruStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

interface Entry<V> {
  value: Promise<V>;
  bytes: number;
}

export class AsyncLru<V> {
  // Map order is the recency order: a hit moves to the end, the first key is the least recently used.
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly options: LruOptions<V>) {}

  /**
   * The value under `key`, loading it once when missing: concurrent callers of a missing key share one load; a
   * failed load is not kept (the next call tries again).
   */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
      return hit.value;
    }
    this.misses++;
    const entry: Entry<V> = { value: load(), bytes: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return; // evicted or cleared while loading
        entry.bytes = this.options.sizeOf(value);
        this.bytes += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.evict();
    return entry.value;
  }

  stats(): LruStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.hits = 0;
    this.misses = 0;
  }

  private evict(): void {
    while (this.entries.size > this.options.maxEntries || (this.bytes > this.options.maxBytes && this.entries.size > 1)) {
      const [key, entry] = this.entries.entries().next().value as [string, Entry<V>];
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}
