// The pure core of the importer: how files are recognised, how numbers and timestamps are read, and how
// Danish local time becomes instants around the two daylight-saving edges.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectCsvSettings, detectEncoding, looksBinary } from '@/lib/imports/detect/detect';
import { copyLine } from '@/lib/imports/write/copy-text';
import { neutraliseFormula, issuesToCsv } from '@/lib/imports/error-report';
import { makeIssue } from '@/lib/imports/issues';
import { looksLikeFormula, parseDecimal, parseFraction, parsePresence } from '@/lib/imports/validate/numbers';
import { DateTime } from 'luxon';
import { dateOrderEvidence, localCandidates, LocalTimeResolver, parseTimestamp, resolveLocal } from '@/lib/imports/validate/timestamps';
import { parsePoint, guessSrid } from '@/lib/imports/kinds/registry';

const iso = (ms: number) => new Date(ms).toISOString();

describe('detecting how a file is written', () => {
  it('tells Windows-1252 from UTF-8 by whether the bytes decode strictly', () => {
    expect(detectEncoding(iconv.encode('Måler;Antal\n', 'win1252')).encoding).toBe('windows-1252');
    expect(detectEncoding(Buffer.from('Måler;Antal\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Buffer.from('\ufeffa;b\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: true });
  });

  it('keeps a UTF-8 file UTF-8 when the sample cuts a multi-byte letter in half', () => {
    const bytes = Buffer.from('a;ø', 'utf8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf-8');
  });

  it('reads a Danish Excel export: semicolons, decimal comma, CRLF, header', () => {
    const s = detectCsvSettings(Buffer.from('Tidspunkt;Sensor;Antal\r\n02-03-2026 08:00;S-1;4,5\r\n02-03-2026 08:15;S-1;1,25\r\n'), false);
    expect(s).toEqual({ encoding: 'utf-8', bom: false, lineEnding: '\r\n', delimiter: ';', decimal: ',', header: true, leadingIndexColumn: false });
  });

  it('sees a leading row-number column when data rows have one field more than the header', () => {
    const s = detectCsvSettings(Buffer.from('"date","v"\n"1","2015-02-04 17:51:00",1\n"2","2015-02-04 17:52:00",0\n'), false);
    expect([s.delimiter, s.leadingIndexColumn, s.decimal]).toEqual([',', true, '.']);
  });

  it('sees no header when the first row already holds dates and numbers', () => {
    expect(detectCsvSettings(Buffer.from('2026-03-02 08:00;S-1;4\n2026-03-02 08:15;S-1;5\n'), false).header).toBe(false);
  });

  it('recognises old Mac CR line endings and tab delimiters', () => {
    const s = detectCsvSettings(Buffer.from('a\tb\tc\r1\t2\t3\r4\t5\t6\r'), false);
    expect([s.lineEnding, s.delimiter]).toEqual(['\r', '\t']);
  });

  it('calls bytes with NULs binary', () => {
    expect(looksBinary(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]))).toBe(true);
    expect(looksBinary(Buffer.from('a;b\n1;2\n'))).toBe(false);
  });
});

describe('numbers as people write them', () => {
  it('reads decimal commas with dot thousands, and decimal points with comma thousands', () => {
    expect(parseDecimal('1.234,5', ',')).toBe(1234.5);
    expect(parseDecimal('1,234.5', '.')).toBe(1234.5);
    expect(parseDecimal('1.200.000', ',')).toBe(1200000);
    expect(parseDecimal('4,5', ',')).toBe(4.5);
    expect(parseDecimal('1.5', ',')).toBe(1.5);
    expect(parseDecimal('12 500', ',')).toBe(12500);
    expect(parseDecimal('x', ',')).toBeNull();
    expect(parseDecimal('1,2,3', ',')).toBeNull();
  });

  it('gives the same result on the plain-number fast paths as the general rules (a leading space takes the general path)', () => {
    const cells = ['0', '7', '-3', '42', '6,5', '6.5', '0,25', '-0,5', '1.500', '1,500', '12,345', '1.234,5', '1,234.5', '123456789012345', '1,2,3', '1.2.3', '00,5', '5,'];
    for (const decimal of [',', '.'] as const) {
      for (const c of cells) expect(parseDecimal(c, decimal), `${c} with ${decimal}`).toBe(parseDecimal(` ${c}`, decimal));
    }
    expect(parseDecimal('1.500', ',')).toBe(1500);
    expect(parseDecimal('1.500', '.')).toBe(1.5);
    expect(parseDecimal('6,5', '.')).toBe(6.5); // a lone other mark without grouping is still a decimal mark
  });

  it('reads fractions and percentages, and presence words in Danish and English', () => {
    expect(parseFraction('45 %', ',')).toBeCloseTo(0.45);
    expect(parseFraction('0,5', ',')).toBe(0.5);
    expect([parsePresence('ja'), parsePresence('0'), parsePresence('true'), parsePresence('2')]).toEqual([1, 0, 1, null]);
  });

  it('knows a formula cell from a negative number', () => {
    expect(looksLikeFormula('=HYPERLINK("http://x","y")')).toBe(true);
    expect(looksLikeFormula('@SUM(A1)')).toBe(true);
    expect(looksLikeFormula('+cmd|calc')).toBe(true);
    expect(looksLikeFormula('-3')).toBe(false);
    expect(looksLikeFormula('Rum 1')).toBe(false);
  });
});

describe('timestamps', () => {
  it('reads ISO with and without offset, Danish dash and dot dates', () => {
    expect(parseTimestamp('2026-03-02T08:00:00+01:00')).toEqual({ kind: 'instant', ms: Date.UTC(2026, 2, 2, 7) });
    expect(parseTimestamp('2021-09-07 00:00 +08:00')).toEqual({ kind: 'instant', ms: Date.UTC(2021, 8, 6, 16) });
    expect(parseTimestamp('2026-03-02 08:00')).toEqual({ kind: 'local', wallMs: Date.UTC(2026, 2, 2, 8) });
    expect(parseTimestamp('13-03-2026 08:15:30')).toEqual({ kind: 'local', wallMs: Date.UTC(2026, 2, 13, 8, 15, 30) });
    expect(parseTimestamp('02.03.2026')).toEqual({ kind: 'local', wallMs: Date.UTC(2026, 2, 2) });
    expect(parseTimestamp('03-04-2026 08:00')?.kind).toBe('undecided');
    expect(parseTimestamp('03-04-2026 08:00', 'mdy')).toEqual({ kind: 'local', wallMs: Date.UTC(2026, 2, 4, 8) });
    expect(parseTimestamp('31-02-2026 08:00')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it('collects date-order evidence', () => {
    expect(['13-03-2026', '03-13-2026', '03-04-2026', '2026-03-04'].map(dateOrderEvidence)).toEqual(['dmy', 'mdy', 'either', 'none']);
  });

  it('finds no instant for the skipped March hour and two for the repeated October hour', () => {
    expect(localCandidates(Date.UTC(2026, 2, 29, 2, 30))).toEqual([]);
    expect(localCandidates(Date.UTC(2026, 9, 25, 2, 30)).map(iso)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(localCandidates(Date.UTC(2026, 6, 1, 12)).map(iso)).toEqual(['2026-07-01T10:00:00.000Z']);
  });

  it('gives the same instants minute by minute across both transitions as the uncached zone rules (per-hour cache)', () => {
    // Every minute from 00:00 to 04:59 local on both transition days, once in order and once backwards, so the
    // per-hour cache is filled from both ends of each hour; luxon is the reference.
    for (const day of [Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25)]) {
      const minutes = Array.from({ length: 300 }, (_, i) => day + i * 60_000);
      for (const order of [minutes, [...minutes].reverse()]) {
        for (const wallMs of order) {
          const w = new Date(wallMs);
          const expected: number[] = [];
          for (const offset of [120, 60]) {
            const instant = wallMs - offset * 60_000;
            if (DateTime.fromMillis(instant, { zone: 'Europe/Copenhagen' }).offset === offset) expected.push(instant);
          }
          expect(localCandidates(wallMs), w.toISOString()).toEqual(expected.sort((a, b) => a - b));
          expect(resolveLocal(wallMs, NaN), w.toISOString()).toEqual(expected.length === 0 ? NaN : Math.min(...expected));
        }
      }
    }
  });

  it('resolves the repeated hour in file order per sensor, and refuses when the order goes backwards', () => {
    const r = new LocalTimeResolver();
    const at = (s: string, h: number, m = 0) => r.resolve(s, Date.UTC(2026, 9, 25, h, m));
    expect([at('A', 1), at('A', 2), at('B', 2), at('A', 2), at('A', 3)]).toEqual([
      { ok: true, ms: Date.UTC(2026, 9, 24, 23) },
      { ok: true, ms: Date.UTC(2026, 9, 25, 0) },
      { ok: true, ms: Date.UTC(2026, 9, 25, 0) },
      { ok: true, ms: Date.UTC(2026, 9, 25, 1) },
      { ok: true, ms: Date.UTC(2026, 9, 25, 2) },
    ]);
    expect(at('A', 2, 30)).toEqual({ ok: false, code: 'ambiguous_local_time' });
  });
});

describe('points and COPY text', () => {
  it('reads BBR byg404Koordinat as WKT, GeoJSON or a pair, and guesses its CRS', () => {
    expect(parsePoint('POINT(726043.38 6174594.33)')).toEqual([726043.38, 6174594.33]);
    expect(parsePoint('{"type":"Point","coordinates":[12.5,55.7]}')).toEqual([12.5, 55.7]);
    expect(parsePoint('12.5 55.7')).toEqual([12.5, 55.7]);
    expect([guessSrid(12.5, 55.7), guessSrid(726043, 6174594)]).toEqual([4326, 25832]);
  });

  it('escapes tabs, newlines and backslashes so a cell cannot leave its column', () => {
    expect(copyLine(['a\tb', null, 3, 'c\\d\ne'])).toBe('a\\tb\t\\N\t3\tc\\\\d\\ne\n');
  });
});

describe('the error report download', () => {
  it('neutralises formula cells with a leading apostrophe and quotes fields', () => {
    expect(neutraliseFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutraliseFormula('-3')).toBe('-3');
    const issue = makeIssue('formula_cell', { file: 'a.csv', line: 2, column: 'sensor', value: '=HYPERLINK("http://evil","x")' });
    const csv = issuesToCsv([issue], 'da');
    expect(csv.split('\r\n')[0]).toBe('fil;linje;kolonne;værdi;kode;fejl');
    expect(csv).toContain(';"\'=HYPERLINK(""http://evil"",""x"")";formula_cell;');
  });
});
