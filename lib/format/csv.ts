// THE CSV writer of every export (ranking, scenario actions, audit log, import error report), so every cell that
// leaves the system is escaped the same way: quoted when it holds the delimiter, a quote or a line break, and made
// inert when a spreadsheet would run it as a formula (OWASP "CSV injection": a leading = + - @ tab or CR gets an
// apostrophe). A building named `-1+HYPERLINK(…)` passed the registry import and came out raw in one export that
// had its own writer. Lines end in CRLF (Excel); the BOM is the caller's choice (Danish Excel needs it for UTF-8).
// Pure: runs in the browser too (the ranking CSV is built there).

export type CsvDelimiter = ';' | ',' | '\t';
export type CsvCell = string | number | null | undefined;

const PLAIN_NUMBER = /^[-+]?\d+([.,]\d+)?$/;

/** The cell text made inert for spreadsheets: a leading = + - @ tab or CR gets an apostrophe; plain numbers stay. */
export function neutraliseFormula(text: string): string {
  if (PLAIN_NUMBER.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One cell: numbers as written, null/undefined empty, text defused and quoted when needed. */
export function csvCell(value: CsvCell, delimiter: CsvDelimiter = ';'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const t = neutraliseFormula(value);
  return t.includes(delimiter) || /["\r\n]/.test(t) || t !== value ? `"${t.replace(/"/g, '""')}"` : t;
}

/** One line of cells (without its line break). */
export function csvLine(cells: readonly CsvCell[], delimiter: CsvDelimiter = ';'): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter);
}

/** Lines of rows, each ending in CRLF (for streaming: the header once, then batches of rows). */
export function csvLines(rows: readonly (readonly CsvCell[])[], delimiter: CsvDelimiter = ';'): string {
  let out = '';
  for (const r of rows) out += `${csvLine(r, delimiter)}\r\n`;
  return out;
}

/** A whole CSV document: header and rows, CRLF line ends, an optional UTF-8 BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], { delimiter = ';', bom = false }: { delimiter?: CsvDelimiter; bom?: boolean } = {}): string {
  return `${bom ? '\ufeff' : ''}${csvLines([header, ...rows], delimiter)}`;
}
