// npm run basemap:demo — writes the demo base map (lib/basemap/demo-archive.ts) as a PMTiles archive, by default
// to .data/basemap/demo.pmtiles; point AREAL_BASEMAP_PMTILES at it to serve it. A real municipality's archive
// comes from `pmtiles extract` of a Protomaps build instead (docs/map.md § "A base map with streets").
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildDemoBasemap } from '@/lib/basemap/demo-archive';

const target = path.resolve(process.argv[2] ?? '.data/basemap/demo.pmtiles');
mkdirSync(path.dirname(target), { recursive: true });
const started = Date.now();
const archive = buildDemoBasemap();
writeFileSync(target, archive);
console.log(`demo base map: ${target} (${(archive.length / 1024).toFixed(0)} KB, ${Date.now() - started} ms)`);
