// The upload page's preview of an Excel workbook: its sheets to choose from, the header found below the title
// rows, the first rows as the import will read them, and .xls/.ods refused with how to save the file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewFile, PreviewRefused } from '@/lib/imports/preview';

const FIXTURE = (name: string) => path.join(process.cwd(), 'tests/fixtures/imports', name);

describe('previewing a workbook', () => {
  it('lists the sheets, reads the first by default, and the chosen one when asked', async () => {
    const first = await previewFile(FIXTURE('maintenance-plan.xlsx'), 'maintenance');
    expect(first.format).toBe('xlsx');
    expect(first.sheets).toEqual(['Noter', 'Plan']);
    expect(first.settings?.sheet).toBe('Noter');
    const plan = await previewFile(FIXTURE('maintenance-plan.xlsx'), 'maintenance', {}, { sheet: 'Plan' });
    expect(plan.settings?.sheet).toBe('Plan');
    expect(plan.header).toEqual(['Bygning', 'Komponent', 'Tilstandsgrad', 'Overslag', 'Udførelsesår', 'Udført']);
    // The formula's cached value, not the formula.
    expect(plan.rows[0]).toEqual(['B-1', 'Tag', '3', '420000', '2027', 'nej']);
    expect(plan.fields.find((f) => f.key === 'cost_dkk')?.column).toBe('Overslag');
  });

  it('finds the header below a merged title row and reads t.kr. amounts as written', async () => {
    const p = await previewFile(FIXTURE('costs-plan.xlsx'), 'costs');
    expect(p.header).toEqual(['Bygning', 'År', 'Type', 'Beløb (t.kr.)']);
    expect(p.rows.map((r) => r[3])).toEqual(['125.5', '98', '1200']);
  });

  it('refuses .xls and .ods with how to save them as .xlsx', async () => {
    for (const f of ['occ-legacy-excel.xls', 'occ-ods-export.ods']) {
      const e = await previewFile(FIXTURE(f), 'occupancy').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PreviewRefused);
      expect((e as PreviewRefused).issue.code).toBe('unsupported_spreadsheet');
      expect((e as PreviewRefused).issue.message.da).toMatch(/Gem som/);
    }
  });
});

describe('reading a workbook in the capped reader thread or in this one', () => {
  it('gives the same rows, lines and bytes either way, and stops the thread when the reader stops early', async () => {
    const { createHash } = await import('node:crypto');
    const { statSync } = await import('node:fs');
    const { xlsxBatches } = await import('@/lib/imports/read/xlsx-source');
    const read = async (file: string, thread: boolean, sheet?: string, spool = false) => {
      const hash = createHash('sha256');
      let bytes = 0;
      const batches = [];
      for await (const b of xlsxBatches(file, { thread, sheet, spool, onChunk: (c) => (hash.update(c), (bytes += c.length)) })) batches.push(b);
      return { batches, bytes, sha: hash.digest('hex') };
    };
    for (const [name, sheet] of [['maintenance-plan.xlsx', 'Plan'], ['costs-plan.xlsx', undefined], ['occ-xlsx-title-rows-formulas.xlsx', undefined]] as const) {
      const inThread = await read(FIXTURE(name), false, sheet);
      const worker = await read(FIXTURE(name), true, sheet);
      expect(worker.batches).toEqual(inThread.batches);
      expect(worker.batches[0].rows.length).toBeGreaterThan(1);
      expect(worker.bytes).toBe(statSync(FIXTURE(name)).size);
      expect(worker.sha).toBe(inThread.sha);
      const spooled = await read(FIXTURE(name), true, sheet, true);
      expect(spooled).toEqual(worker);
    }
    // A missing sheet is reported the same way from the thread.
    await expect(read(FIXTURE('maintenance-plan.xlsx'), true, 'Nope')).rejects.toThrow(/Noter, Plan/);
    // Stopping after the first batch ends the thread's read (the generator's return resolves).
    for await (const b of xlsxBatches(FIXTURE('maintenance-plan.xlsx'), { thread: true, sheet: 'Plan' })) {
      expect(b.rows.length).toBeGreaterThan(0);
      break;
    }
  }, 60_000); // each thread loads the reader anew (~0.5 s on a busy machine)

  it('an import reads a spooled sheet: the thread writes every row to a temporary file and ends first; the same batches come back, and the file is gone after', async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const ExcelJS = (await import('exceljs')).default;
    const { xlsxBatches } = await import('@/lib/imports/read/xlsx-source');
    const dir = mkdtempSync(path.join(tmpdir(), 'spool-test-'));
    const file = path.join(dir, 'big.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['sensor', 'tid', 'antal']);
    for (let i = 0; i < 10_000; i++) ws.addRow([`S-${i % 7}`, `2026-03-02 ${String(8 + (i % 10)).padStart(2, '0')}:00`, i % 40]);
    await wb.xlsx.writeFile(file);
    const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith('areal-xlsx-')).length;
    const before = spools();
    const collect = async (spool: boolean) => {
      const out: Array<{ rows: string[][]; lines: number[] }> = [];
      let during = 0;
      for await (const b of xlsxBatches(file, { thread: true, spool })) {
        during = Math.max(during, spools());
        out.push({ rows: b.rows, lines: b.lines });
      }
      return { out, during };
    };
    const streamed = await collect(false);
    const spooled = await collect(true);
    expect(spooled.out).toEqual(streamed.out);
    expect(spooled.out.flatMap((b) => b.lines)).toHaveLength(10_001);
    expect(spooled.out.length).toBeGreaterThan(2); // several batches came back from the file
    expect(spooled.during).toBe(before + 1);
    expect(streamed.during).toBe(before);
    expect(spools()).toBe(before);
    // Stopping early removes the file too.
    for await (const b of xlsxBatches(file, { thread: true, spool: true })) {
      expect(b.rows.length).toBeGreaterThan(0);
      break;
    }
    expect(spools()).toBe(before);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
