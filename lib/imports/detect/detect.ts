// Detection of how a text file is written, from its first bytes: encoding (UTF-8 with/without BOM or
// Windows-1252), line endings, delimiter, header, a leading index column and the decimal mark. Pure: takes a
// Buffer sample, returns settings the user can override on the upload page or the command line.
import iconv from 'iconv-lite';
import Papa from 'papaparse';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ';' | ',' | '\t';
export type LineEnding = '\r\n' | '\n' | '\r';
export type DecimalMark = ',' | '.';

export interface CsvSettings {
  encoding: Encoding;
  bom: boolean;
  lineEnding: LineEnding;
  delimiter: Delimiter;
  decimal: DecimalMark;
  header: boolean;
  /** Data rows carry one more field than the header: a leading row number (R's write.csv, pandas). */
  leadingIndexColumn: boolean;
}

export const SAMPLE_BYTES = 256 * 1024;

/** True when the bytes hold NULs or many control characters: not a text file. */
export function looksBinary(sample: Buffer): boolean {
  const n = Math.min(sample.length, 8192);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control += 1;
  }
  return control / n > 0.05;
}

/** UTF-8 when the sample decodes strictly (a multi-byte char cut at the sample's end is allowed); else Windows-1252. */
export function detectEncoding(sample: Buffer): { encoding: Encoding; bom: boolean } {
  const bom = sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  if (bom) return { encoding: 'utf-8', bom };
  let end = sample.length;
  // Trim a possibly truncated multi-byte sequence at the end of the sample.
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = sample[end - k];
    if ((b & 0xc0) === 0xc0) {
      end -= k;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'windows-1252', bom: false };
  }
}

/** Decodes a sample with the given encoding, dropping a UTF-8 BOM. */
export function decodeSample(sample: Buffer, encoding: Encoding): string {
  const text = iconv.decode(sample, encoding === 'utf-8' ? 'utf8' : 'win1252');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The line ending used most often outside quotes: CRLF, LF or old Mac CR. */
export function detectLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf += 1;
        i += 1;
      } else cr += 1;
    } else if (c === 10) lf += 1;
  }
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

/** Drops the last line of a sample when the sample was cut from a longer file (it may be partial). */
export function completeLines(text: string, lineEnding: LineEnding, truncated: boolean): string {
  if (!truncated) return text;
  const cut = text.lastIndexOf(lineEnding);
  return cut > 0 ? text.slice(0, cut) : text;
}

function parseRows(text: string, delimiter: string, newline: LineEnding, max = 200): string[][] {
  const res = Papa.parse<string[]>(text, { delimiter, newline, preview: max, skipEmptyLines: true });
  return res.data;
}

/** The delimiter under which the rows have the most consistent number (≥ 2) of fields; `;` wins ties. */
export function detectDelimiter(text: string, lineEnding: LineEnding): Delimiter {
  let best: { d: Delimiter; score: number } = { d: ';', score: -1 };
  for (const d of [';', '\t', ','] as Delimiter[]) {
    const rows = parseRows(text, d, lineEnding, 100);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    // The header may be one field shorter (leading index column): judge on data rows when there are some.
    const body = rows.length > 1 ? rows.slice(1) : rows;
    for (const r of body) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [modal, freq] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (modal < 2) continue;
    const score = (freq / body.length) * 1000 + Math.min(modal, 50);
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

const NUMBERISH = /^\s*[-+]?(\d{1,3}([.,]\d{3})*|\d+)([.,]\d+)?\s*%?\s*$/;
const DATEISH = /\d{1,4}[-./]\d{1,2}[-./]\d{1,4}/;

/** Whether the first row is a header: it has no number- or date-like cell while the next rows do. */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return true;
  const dataLike = (r: string[]) => r.filter((c) => c.trim() !== '' && (NUMBERISH.test(c) || DATEISH.test(c))).length;
  const first = dataLike(rows[0]);
  if (first === 0) return true;
  if (rows.length < 2) return false;
  return first < dataLike(rows[1]) / 2;
}

/** Decimal comma when number-like cells use `d,d` (and the delimiter is not a comma) more often than `d.d`. */
export function detectDecimal(rows: string[][], delimiter: Delimiter): DecimalMark {
  if (delimiter === ',') {
    // Only quoted fields could hold a decimal comma; count them too.
  }
  let comma = 0;
  let point = 0;
  for (const r of rows) {
    for (const c of r) {
      const t = c.trim();
      if (/^-?\d+,\d+$/.test(t) && !/^-?\d{1,3},\d{3}$/.test(t)) comma += 1;
      else if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(t)) comma += 1;
      else if (/^-?\d+\.\d+$/.test(t) && !/^-?\d{1,3}\.\d{3}$/.test(t)) point += 1;
      else if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(t)) point += 1;
    }
  }
  return comma > point ? ',' : '.';
}

/** Detects every CSV setting from a sample of the file's first bytes (`truncated`: the file is longer). */
export function detectCsvSettings(sample: Buffer, truncated: boolean): CsvSettings {
  const { encoding, bom } = detectEncoding(sample);
  const raw = decodeSample(sample, encoding);
  const lineEnding = detectLineEnding(raw);
  const text = completeLines(raw, lineEnding, truncated);
  const delimiter = detectDelimiter(text, lineEnding);
  const rows = parseRows(text, delimiter, lineEnding, 200);
  const header = detectHeader(rows);
  const leadingIndexColumn =
    header && rows.length > 1 && rows.slice(1).every((r) => r.length === rows[0].length + 1) && rows.slice(1).every((r) => /^\s*\d+\s*$/.test(r[0]));
  return { encoding, bom, lineEnding, delimiter, decimal: detectDecimal(rows.slice(header ? 1 : 0), delimiter), header, leadingIndexColumn };
}
