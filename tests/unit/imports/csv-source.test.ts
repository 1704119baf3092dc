// The pull-based CSV reader hands papaparse one 64 KB chunk at a time plus the incomplete last row of the
// previous one: records, fields and physical line numbers must come out exactly as parsing the whole file at
// once — with quoted delimiters and line breaks, empty lines and multi-byte characters falling on chunk
// boundaries, in UTF-8 (with BOM) and Windows-1252, LF and CRLF.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '@/lib/imports/read/csv-source';
import type { CsvSettings } from '@/lib/imports/detect/detect';

/** A deterministic file of ~20,000 records (~900 KB: 14 chunks) with awkward cells in many places. */
function makeText(lineEnding: string): string {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const rows = ['tidspunkt;måler;antal;note'];
  for (let i = 0; i < 20_000; i++) {
    const r = rnd();
    const note = r < 0.05 ? `"linje et${lineEnding}linje to; med ""citat"""` : r < 0.1 ? '"Æble; Øre; Ål"' : r < 0.12 ? '' : `n${i}`;
    rows.push(`2026-03-0${1 + (i % 9)} 08:${String(i % 60).padStart(2, '0')};S-${i % 37};${(i % 11) + 0.5};${note}`);
    if (rnd() < 0.01) rows.push('');
  }
  return rows.join(lineEnding) + lineEnding;
}

/** Records and their starting lines as one parse of the whole text gives them (empty lines dropped). */
function expected(text: string, lineEnding: string): Array<{ line: number; fields: string[] }> {
  const data = Papa.parse<string[]>(text, { delimiter: ';', newline: lineEnding as '\n' | '\r\n', quoteChar: '"' }).data;
  const out: Array<{ line: number; fields: string[] }> = [];
  let line = 1;
  for (const row of data) {
    const start = line;
    line += 1 + row.reduce((n, f) => n + (f.split(lineEnding).length - 1), 0);
    if (row.length === 1 && row[0].trim() === '') continue;
    out.push({ line: start, fields: row });
  }
  return out;
}

describe('csvRecords across chunk boundaries', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'areal-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, encoding, lineEnding, bom] of [
    ['UTF-8 with BOM, LF', 'utf-8', '\n', true],
    ['Windows-1252, CRLF', 'windows-1252', '\r\n', false],
  ] as const) {
    it(`gives the same records and line numbers as one whole-file parse (${name})`, async () => {
      const text = makeText(lineEnding);
      const file = path.join(dir, `${encoding}.csv`);
      const bytes = encoding === 'utf-8' ? Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]) : iconv.encode(text, 'win1252');
      expect(bytes.length).toBeGreaterThan(10 * 64 * 1024);
      await writeFile(file, bytes);
      const settings: CsvSettings = { encoding, bom, lineEnding, delimiter: ';', decimal: ',', header: true, leadingIndexColumn: false };
      const got: Array<{ line: number; fields: string[] }> = [];
      for await (const r of csvRecords(file, settings)) got.push({ line: r.line, fields: r.fields });
      const want = expected(text, lineEnding);
      expect(got.length).toBe(want.length);
      expect(got).toEqual(want);
      expect(got[0].fields).toEqual(['tidspunkt', 'måler', 'antal', 'note']);
      expect(got.some((r) => r.fields[3].includes(`linje et${lineEnding}linje to; med "citat"`))).toBe(true);
    });
  }
});
