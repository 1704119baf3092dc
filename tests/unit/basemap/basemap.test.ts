import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { PbfReader } from 'pbf';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { archiveStyle, offlineStyle } from '@/lib/basemap/basemap-style';
import { buildDemoBasemap, DEMO_BASEMAP_ZOOMS } from '@/lib/basemap/demo-archive';
import { MAX_RANGE_BYTES, parseRange, serveArchive } from '@/lib/basemap/serve-archive';
import { HERNING_DISTRICTS } from '@/lib/demo/geography';

/** The archive read the way the browser reads it: pmtiles' own reader over byte ranges of our HTTP handler. */
function httpSource(file: string): Source {
  return {
    getKey: () => file,
    async getBytes(offset: number, length: number): Promise<RangeResponse> {
      const res = serveArchive(new Request('http://x/a', { headers: { range: `bytes=${offset}-${offset + length - 1}` } }), file);
      expect(res.status).toBe(206);
      const data = await res.arrayBuffer();
      return { data, etag: res.headers.get('etag') ?? undefined };
    },
  };
}

const tileAt = (lon: number, lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * 2 ** z), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z) };
};

describe('the demo base map archive', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'basemap-'));
  const file = path.join(dir, 'demo.pmtiles');
  writeFileSync(file, buildDemoBasemap());

  it('is a PMTiles v3 archive that pmtiles reads through range requests, with the demo streets named', async () => {
    const archive = new PMTiles(httpSource(file));
    const header = await archive.getHeader();
    expect(header.specVersion).toBe(3);
    expect([header.minZoom, header.maxZoom]).toEqual([DEMO_BASEMAP_ZOOMS.min, DEMO_BASEMAP_ZOOMS.max]);
    expect(header.clustered).toBe(true);
    const centrum = HERNING_DISTRICTS[0];
    const { z, x, y } = tileAt(centrum.centre.lon, centrum.centre.lat, 14);
    const tile = await archive.getZxy(z, x, y);
    expect(tile).toBeDefined();
    const vt = new VectorTile(new PbfReader(new Uint8Array(tile!.data)));
    const names = new Set<string>();
    for (let i = 0; i < vt.layers.roads.length; i++) names.add(String(vt.layers.roads.feature(i).properties.name));
    // The streets the demo buildings' addresses use are on the map where those buildings are.
    expect([...names].some((n) => centrum.streets.includes(n))).toBe(true);
    expect(vt.layers.earth.length).toBeGreaterThan(0);
    const metadata = (await archive.getMetadata()) as { vector_layers: { id: string }[]; attribution: string };
    expect(metadata.vector_layers.map((l) => l.id)).toEqual(expect.arrayContaining(['earth', 'roads', 'places', 'water', 'landuse', 'boundaries']));
    expect(metadata.attribution).toMatch(/not OpenStreetMap/);
  });

  it('has no tile outside its extent', async () => {
    const archive = new PMTiles(httpSource(file));
    const far = tileAt(12.57, 55.68, 14); // Copenhagen
    expect(await archive.getZxy(far.z, far.x, far.y)).toBeUndefined();
  });

  it('is the same archive on every run', () => {
    expect(buildDemoBasemap().equals(readFileSync(file))).toBe(true);
  });
});

describe('serving the archive by range requests', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'range-'));
  const file = path.join(dir, 'a.bin');
  writeFileSync(file, Buffer.from('0123456789'));

  it('parses single ranges and refuses what it cannot satisfy', () => {
    expect(parseRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=10-12', 10)).toBeNull();
    expect(parseRange('bytes=4-2', 10)).toBeNull();
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
  });

  /** The ApiError a call throws (mapped to the one error shape by the route wrapper). */
  const refusal = (call: () => unknown): ApiError => {
    try {
      call();
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('answers 206 with the bytes, 416 past the end or over the size cap, 304 on a matching ETag, 404 without a file', async () => {
    const ok = serveArchive(new Request('http://x/', { headers: { range: 'bytes=2-4' } }), file);
    expect(ok.status).toBe(206);
    expect(ok.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await ok.text()).toBe('234');
    const past = refusal(() => serveArchive(new Request('http://x/', { headers: { range: 'bytes=20-30' } }), file));
    expect(past.status).toBe(416);
    expect(past.extra.headers?.['Content-Range']).toBe('bytes */10');
    const etag = ok.headers.get('etag')!;
    expect(serveArchive(new Request('http://x/', { headers: { 'if-none-match': etag } }), file).status).toBe(304);
    expect(refusal(() => serveArchive(new Request('http://x/'), path.join(dir, 'missing'))).status).toBe(404);
    expect(MAX_RANGE_BYTES).toBeLessThanOrEqual(16 * 1024 * 1024);
  });
});

describe('the base styles', () => {
  it('are valid MapLibre styles with local glyphs and sprite, and label districts', () => {
    for (const style of [archiveStyle('http://localhost:3000'), offlineStyle('http://localhost:3000')]) {
      expect(validateStyleMin(style)).toEqual([]);
      expect(style.glyphs).toBe('http://localhost:3000/basemap/fonts/{fontstack}/{range}.pbf');
      expect(style.sprite).toBe('http://localhost:3000/basemap/sprites/light');
      expect(style.layers.some((l) => l.id === 'district-label')).toBe(true);
    }
    const archive = archiveStyle('http://localhost:3000');
    expect((archive.sources.protomaps as { url: string }).url).toBe('pmtiles://http://localhost:3000/api/basemap/archive');
    expect(archive.layers.some((l) => l.id === 'roads-label')).toBe(true);
  });

  it('use only fonts that public/basemap has glyphs for', () => {
    const fonts = new Set<string>();
    for (const l of archiveStyle('').layers) {
      const f = (l as { layout?: { 'text-font'?: string[] } }).layout?.['text-font'];
      f?.forEach((name) => fonts.add(name));
    }
    for (const font of fonts) expect(readFileSync(`public/basemap/fonts/${font}/0-255.pbf`).length).toBeGreaterThan(10_000);
  });
});
