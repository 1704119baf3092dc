// The workbook reader (saxes over the zip's parts) against exceljs, which read workbooks before it: every sheet of
// workbooks exceljs writes — shared and inline strings, rich text, dates in built-in and custom formats, time-only
// cells, the 1904 date system, formulas with and without results, booleans, errors, gaps, empty rows, entities and
// æøå — must give the same texts, row for row, as exceljs' own reader and the cell rules the import used with it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { creditGate, readSheet, type SheetMessage } from '@/lib/imports/read/xlsx-read-sheet.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-reader-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pad = (n: number) => String(n).padStart(2, '0');

/** The oracle: an exceljs cell value as the text the import read from it while exceljs was the reader. */
function exceljsText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    const date = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const time = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
    if (v.getUTCFullYear() < 1900) return time;
    return time === '00:00:00' ? date : `${date} ${time}`;
  }
  if ('result' in v) return exceljsText(v.result ?? null);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('text' in v) return String(v.text ?? '');
  if ('error' in v) return String(v.error);
  return '';
}

/** Every sheet of the workbook as exceljs' (non-streaming) reader gives it: non-empty rows' trimmed texts. */
async function exceljsSheets(file: string): Promise<Array<{ name: string; rows: string[][]; lines: number[] }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    const lines: number[] = [];
    ws.eachRow((row, n) => {
      const values = row.values as ExcelJS.CellValue[];
      const out: string[] = [];
      for (let i = 1; i < values.length; i++) out.push(exceljsText(values[i]).trim());
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      if (out.length === 0) return;
      rows.push(out);
      lines.push(n);
    });
    return { name: ws.name, rows, lines };
  });
}

/** What the new reader sends for a sheet (or the first), batches joined; `bytes` counts the chunks. */
async function readWith(file: string, opts: { sheet?: string; namesOnly?: boolean } = {}) {
  const sheets: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  let bytes = 0;
  let found: boolean | undefined;
  await readSheet({ path: file, sheet: opts.sheet, namesOnly: opts.namesOnly ?? false, batchRows: 3 }, (m: SheetMessage) => {
    if ('chunk' in m) bytes += m.chunk.length;
    else if ('sheet' in m) sheets.push(m.sheet);
    else if ('rows' in m) {
      rows.push(...m.rows);
      lines.push(...m.lines);
    } else found = m.found;
  }, creditGate(1000));
  return { sheets, rows, lines, bytes, found };
}

/** A wall time as exceljs writes it: the UTC fields hold the time as shown in the sheet. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi, s));
const clock = (h: number, mi: number, s = 0) => new Date(Date.UTC(1899, 11, 30, h, mi, s));

/** The sheets every workbook of the test holds, whichever writer and date system. */
function fill(wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter) {
  const cells = wb.addWorksheet('Målinger & <data>');
  cells.addRow(['Tidspunkt', 'Måler', 'Antal', 'Note']);
  cells.addRow([at(2026, 3, 13, 8, 15), 'S-1', 4.5, 'Æble & pære <søde> "citat" \'x\'']);
  cells.addRow([at(2026, 3, 13), '  polstret  ', 0, { richText: [{ text: 'Sk', font: { bold: true } }, { text: 'olen ' }, { text: 'æøå' }] }]);
  cells.addRow([clock(8, 15), clock(23, 59, 59), -0.000001, 'linje 1\nlinje 2']);
  cells.addRow([]); // an empty row
  cells.addRow(['   ', null, '', null]); // blank texts only: skipped too
  const gaps = cells.addRow([]);
  gaps.getCell(2).value = 'B';
  gaps.getCell(5).value = 'E';
  gaps.getCell(9).value = 1 / 3;
  cells.addRow([true, false, { error: '#N/A' }, { error: '#DIV/0!' }]);
  cells.addRow([1e21, 123456789012, 2 ** -30, '&#230; stays as typed?']);
  cells.addRow([{ text: 'Hjemmeside', hyperlink: 'https://example.org/?a=1&b=2' }, 'ÆØÅ æøå ü', 'tab\there', 7]);
  cells.getRow(20).getCell(1).value = 'after a long gap';
  // A styled cell with no value is empty.
  cells.getRow(21).getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };

  const dates = wb.addWorksheet('Datoer');
  dates.addRow(['format', 'værdi']);
  const formats = ['mm-dd-yy', 'd-mmm-yy', 'h:mm', 'h:mm:ss', 'mm:ss', '[h]:mm:ss', 'dd-mm-yyyy hh:mm', 'yyyy-mm-dd', '[$-406]d. mmmm yyyy;@', 'hh:mm:ss', 'd/m/yyyy h:mm AM/PM', '0.00', '0.0 "dage"', '#,##0 "m²"', '0%', '@'];
  for (const [i, f] of formats.entries()) {
    const row = dates.addRow([f, at(2026, 10, 25, 2, 30, i), 45000.25 + i, clock(i, 5)]);
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = f;
  }

  const formulas = wb.addWorksheet('Formler');
  formulas.addRow(['a', 'b', 'sum', 'tekst', 'sand', 'fejl', 'dato', 'uden']);
  formulas.addRow([2, 3, { formula: 'A2+B2', result: 5 }, { formula: 'CONCAT("x";"&y")', result: 'x&y' }, { formula: 'A2<B2', result: true }, { formula: '1/0', result: { error: '#DIV/0!' } }, { formula: 'DATE(2026;3;2)', result: at(2026, 3, 2) }, { formula: 'A2*B2' }]);
  formulas.addRow([4, 5, { sharedFormula: 'C2', result: 9 }, { formula: 'A3&""', result: '4' }, { formula: 'A3<B3', result: true }, { formula: 'NA()', result: { error: '#N/A' } }, null, { formula: 'TODAY()' }]);
  formulas.getCell('G2').numFmt = 'dd-mm-yyyy';

  const last = wb.addWorksheet('Tom');
  last.addRow(['kun én celle']);
}

async function writeBook(name: string, opts: { stream?: boolean; date1904?: boolean } = {}): Promise<string> {
  const file = path.join(dir, name);
  if (opts.stream) {
    // exceljs' streaming writer without shared strings writes inline strings (t="inlineStr"), rich text too.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
    fill(wb);
    await wb.commit();
  } else {
    const wb = new ExcelJS.Workbook();
    if (opts.date1904) wb.properties.date1904 = true;
    fill(wb);
    await wb.xlsx.writeFile(file);
  }
  return file;
}

describe('the workbook reader gives the texts exceljs gave', () => {
  it.each([
    ['shared strings', 'shared.xlsx', {}],
    ['inline strings (streaming writer)', 'inline.xlsx', { stream: true }],
    ['the 1904 date system', 'date1904.xlsx', { date1904: true }],
  ])('%s: every sheet, row for row, with its Excel row numbers', async (_, name, opts) => {
    const file = await writeBook(name, opts);
    const expected = await exceljsSheets(file);
    expect(expected.map((s) => s.name)).toEqual(['Målinger & <data>', 'Datoer', 'Formler', 'Tom']);
    expect((await readWith(file, { namesOnly: true })).sheets).toEqual(expected.map((s) => s.name));
    for (const sheet of expected) {
      const got = await readWith(file, { sheet: sheet.name });
      expect(got.found).toBe(true);
      expect(got.rows).toEqual(sheet.rows);
      expect(got.lines).toEqual(sheet.lines);
    }
    // Spot checks that the comparison compares something.
    const first = await readWith(file);
    expect(first.sheets).toEqual(['Målinger & <data>']);
    expect(first.rows[1]).toEqual(['2026-03-13 08:15:00', 'S-1', '4.5', 'Æble & pære <søde> "citat" \'x\'']);
    expect(first.rows[2]).toEqual(['2026-03-13', 'polstret', '0', 'Skolen æøå']);
    expect(first.rows.find((r) => r[1] === 'B')).toEqual(['', 'B', '', '', 'E', '', '', '', String(1 / 3)]);
    expect(first.rows.find((r) => r[0] === 'true')).toEqual(['true', 'false', '#N/A', '#DIV/0!']);
    expect(first.lines).not.toContain(5);
    expect(first.lines.at(-1)).toBe(20);
  }, 30_000);

  it('sends every byte of the file, and names all sheets when the one asked for is missing', async () => {
    const { statSync } = await import('node:fs');
    const file = await writeBook('missing.xlsx');
    const got = await readWith(file, { sheet: 'Nope' });
    expect(got.found).toBe(false);
    expect(got.sheets).toEqual(['Målinger & <data>', 'Datoer', 'Formler', 'Tom']);
    expect(got.bytes).toBe(statSync(file).size);
    expect((await readWith(file, { sheet: 'Formler' })).bytes).toBe(statSync(file).size);
    expect((await readWith(file, { namesOnly: true })).bytes).toBe(0);
  });

  // Where exceljs was wrong, and the import with it: asserted here so that the difference is a decision.
  it('keeps a formula\'s cached 0 or false (exceljs dropped falsy results to empty) and decodes entities once', async () => {
    const file = path.join(dir, 'exceljs-was-wrong.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('Ark1');
    ws.addRow([{ formula: 'A1-A1', result: 0 }, { formula: '1>2', result: false }, 'a&amp;b is &lt;literal&gt;']).commit();
    await wb.commit();
    expect((await exceljsSheets(file))[0].rows).toEqual([['', '', 'a&b is <literal>']]);
    expect((await readWith(file)).rows).toEqual([['0', 'false', 'a&amp;b is &lt;literal&gt;']]);
  });
});

/** A zip of the given parts, stored uncompressed, in the given order: workbooks no writer we have would make. */
function storedZip(parts: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('workbooks other writers make', () => {
  const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;

  it('finds the parts through the relationships, whatever their zip order, and reads prefixed XML, ISO dates, phonetic runs and cells without references', async () => {
    const file = path.join(dir, 'other-writer.xlsx');
    writeFileSync(file, storedZip([
      // The sheet first, before the strings and styles it needs; the workbook not at xl/workbook.xml.
      ['data/sheets/s1.xml', `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ${ns}><x:sheetData>
        <x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" s="1"><x:v>46094.34375</x:v></x:c><x:c r="D2" t="d"><x:v>2026-03-13T08:15:00</x:v></x:c></x:row>
        <x:row><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t xml:space="preserve">line </x:t></x:r></x:is></x:c><x:c s="2"><x:v>0.5</x:v></x:c><x:c t="s"><x:v>9</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>a_x000D_b</x:v></x:c></x:row>
        <x:row r="9"><x:c r="B9" t="b"><x:v>0</x:v></x:c><x:c r="AA9"><x:f>1/0</x:f></x:c><x:c r="AB9" t="e"><x:v>#REF!</x:v></x:c></x:row>
      </x:sheetData><x:extLst><x:ext><x:row><x:c><x:v>not a cell</x:v></x:c></x:row></x:ext></x:extLst></x:worksheet>`],
      ['data/strings.xml', `<x:sst ${ns}><x:si><x:t>Skole &amp; SFO_x000D_</x:t></x:si><x:si><x:r><x:t>東京</x:t></x:r><x:rPh sb="0" eb="2"><x:t>トウキョウ</x:t></x:rPh></x:si></x:sst>`],
      ['data/styles.xml', `<x:styleSheet ${ns}><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></x:numFmts><x:cellStyleXfs><x:xf numFmtId="14"/></x:cellStyleXfs><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="21"/></x:cellXfs></x:styleSheet>`],
      ['data/_rels/book.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'worksheet', '/data/sheets/s1.xml')}${rel('rId2', 'sharedStrings', 'strings.xml')}${rel('rId3', 'styles', 'styles.xml')}</Relationships>`],
      ['data/book.xml', `<x:workbook ${ns}><x:workbookPr date1904="false"/><x:sheets><x:sheet name="Ark &amp; 1" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`],
      ['_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'data/book.xml')}</Relationships>`],
      ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ]));
    const got = await readWith(file);
    expect(got.sheets).toEqual(['Ark & 1']);
    expect(got.lines).toEqual([2, 3, 9]);
    expect(got.rows).toEqual([
      ['Skole & SFO', '', '2026-03-13 08:15:00', '2026-03-13 08:15:00'],
      ['東京', 'inline', '12:00:00', '', 'a\rb'],
      ['', 'false', ...Array(25).fill(''), '#REF!'], // AA9: a formula never calculated
    ]);
  });

  it('says a damaged zip is not a complete workbook', async () => {
    const file = path.join(dir, 'damaged.xlsx');
    writeFileSync(file, storedZip([['[Content_Types].xml', '<Types/>']]).subarray(0, 40));
    await expect(readWith(file)).rejects.toThrow(/not a complete Excel workbook/);
  });
});
