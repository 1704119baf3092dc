// npx tsx scripts/basemap/build-glyphs.ts — makes the base map's glyphs and sprite, served from public/basemap/
// so the map needs no third-party font or sprite service at run time. Run once; the output is committed.
//
// Glyphs: MapLibre wants signed-distance-field glyph ranges (`{fontstack}/{start}-{end}.pbf`, 256 code points
// each). They are drawn here with @mapbox/tiny-sdf (MapLibre's own SDF renderer, installed with it) in
// Debian's Chromium, from the DejaVu Sans fonts (fonts-dejavu-core, Bitstream Vera licence, redistributable), and
// encoded with pbf in the glyph format (fontstack → glyph {id, bitmap, width, height, left, top, advance}), with
// the metrics MapLibre itself gives locally drawn glyphs. Sprite: a few icons for the Protomaps-style layers,
// at 1× and 2×, drawn on a canvas in the same browser.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PbfWriter as Pbf } from 'pbf';
import { launchBrowser } from '../../tests/helpers/browser';

/** Fontstack names in the style → the CSS font the browser draws them with. */
const FONTSTACKS: Record<string, { family: string; weight: string }> = {
  DejaVuSans: { family: 'DejaVu Sans', weight: 'normal' },
  'DejaVuSans-Bold': { family: 'DejaVu Sans', weight: 'bold' },
};
/** Basic Latin + Latin-1 (æ ø å é ü …), Latin Extended-A, General Punctuation (– — ‘ ’ “ ” …). */
const RANGES = [0, 256, 8192];
const FONT_SIZE = 24;
const BUFFER = 3;

interface DrawnGlyph { id: number; data: number[]; glyphWidth: number; glyphHeight: number; glyphTop: number; glyphLeft: number; glyphAdvance: number }

function encodeRange(stack: string, start: number, glyphs: DrawnGlyph[]): Uint8Array {
  const pbf = new Pbf();
  pbf.writeMessage(1, (_: unknown, p: Pbf) => {
    p.writeStringField(1, stack);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (const g of glyphs) {
      p.writeMessage(3, (_g: unknown, q: Pbf) => {
        q.writeVarintField(1, g.id);
        if (g.glyphWidth > 0 && g.glyphHeight > 0) q.writeBytesField(2, Uint8Array.from(g.data));
        q.writeVarintField(3, g.glyphWidth);
        q.writeVarintField(4, g.glyphHeight);
        q.writeSVarintField(5, g.glyphLeft);
        // MapLibre's own metrics for glyphs it draws with TinySDF (glyph_manager: top = ascent − 27.5 at 24 px).
        q.writeSVarintField(6, Math.round(g.glyphTop - 27.5));
        q.writeVarintField(7, Math.round(g.glyphAdvance));
      }, null);
    }
  }, null);
  return pbf.finish();
}

async function main() {
  const out = path.resolve('public/basemap');
  const tinySdf = readFileSync('node_modules/@mapbox/tiny-sdf/index.js', 'utf8').replace('export default class TinySDF', 'window.TinySDF = class TinySDF');
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: tinySdf });
  for (const [stack, font] of Object.entries(FONTSTACKS)) {
    mkdirSync(path.join(out, 'fonts', stack), { recursive: true });
    for (const start of RANGES) {
      const glyphs = await page.evaluate(({ start, font, size, buffer }) => {
        const TinySDF = (window as unknown as { TinySDF: new (o: object) => { draw(c: string): Record<string, number> & { data: Uint8ClampedArray } } }).TinySDF;
        const sdf = new TinySDF({ fontSize: size, buffer, radius: 8, cutoff: 0.25, fontFamily: `'${font.family}'`, fontWeight: font.weight });
        const result = [];
        for (let id = start; id < start + 256; id++) {
          if (id < 32 || (id >= 127 && id < 160)) continue; // control characters
          const g = sdf.draw(String.fromCharCode(id));
          result.push({ id, data: Array.from(g.data), glyphWidth: g.glyphWidth, glyphHeight: g.glyphHeight, glyphTop: g.glyphTop, glyphLeft: g.glyphLeft, glyphAdvance: g.glyphAdvance });
        }
        return result;
      }, { start, font, size: FONT_SIZE, buffer: BUFFER });
      writeFileSync(path.join(out, 'fonts', stack, `${start}-${start + 255}.pbf`), encodeRange(stack, start, glyphs));
    }
  }

  // The sprite: a "townspot" (place dot) and a "park" leaf-ish dot, 1× and 2×.
  mkdirSync(path.join(out, 'sprites'), { recursive: true });
  for (const ratio of [1, 2]) {
    // Passed as source text: tsx's name-keeping helpers do not exist inside the page.
    const { png, index } = (await page.evaluate(`(() => {
      const r = ${ratio};
      const icons = [
        { name: 'townspot', size: 12, draw: (c, s) => { c.fillStyle = '#ffffff'; c.beginPath(); c.arc(s / 2, s / 2, s / 2 - 0.5, 0, Math.PI * 2); c.fill(); c.fillStyle = '#5b6470'; c.beginPath(); c.arc(s / 2, s / 2, s / 2 - 2.5 * r, 0, Math.PI * 2); c.fill(); } },
        { name: 'park', size: 14, draw: (c, s) => { c.fillStyle = '#4f8a4f'; c.beginPath(); c.moveTo(s / 2, 1); c.lineTo(s - 2, s - 3); c.lineTo(2, s - 3); c.closePath(); c.fill(); c.fillRect(s / 2 - r, s - 4, 2 * r, 3); } },
      ];
      const canvas = document.createElement('canvas');
      canvas.width = icons.reduce((w, i) => w + i.size * r, 0);
      canvas.height = Math.max(...icons.map((i) => i.size * r));
      const ctx = canvas.getContext('2d');
      const index = {};
      let x = 0;
      for (const icon of icons) {
        const s = icon.size * r;
        ctx.save();
        ctx.translate(x, 0);
        icon.draw(ctx, s);
        ctx.restore();
        index[icon.name] = { x, y: 0, width: s, height: s, pixelRatio: r };
        x += s;
      }
      return { png: canvas.toDataURL('image/png').split(',')[1], index };
    })()`)) as { png: string; index: Record<string, unknown> };
    const suffix = ratio === 1 ? '' : '@2x';
    writeFileSync(path.join(out, 'sprites', `light${suffix}.png`), Buffer.from(png, 'base64'));
    writeFileSync(path.join(out, 'sprites', `light${suffix}.json`), `${JSON.stringify(index, null, 2)}\n`);
  }
  await browser.close();
  console.log(`glyphs and sprite written to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
