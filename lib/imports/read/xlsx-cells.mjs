// A workbook cell as the text a CSV export of it would hold. Plain JavaScript so that the reader's worker thread
// (xlsx-reader-worker.mjs) and TypeScript callers share one implementation (types: xlsx-cells.d.mts).

const pad = (n) => String(n).padStart(2, '0');

/** A cell (exceljs CellValue) as text: numbers with a decimal point, dates as wall time, formulas as their result. */
export function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    // exceljs gives the wall time as written in the sheet in the UTC fields (the file has no zone).
    const date = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const time = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
    if (v.getUTCFullYear() < 1900) return time; // a time-only cell (day 0 of Excel's calendar)
    return time === '00:00:00' ? date : `${date} ${time}`;
  }
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result ?? null);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text ?? '');
    if ('error' in v) return String(v.error);
    if ('formula' in v || 'sharedFormula' in v) return '';
  }
  return String(v);
}

/** An exceljs row's cells as trimmed texts, trailing empty cells dropped. */
export function rowTexts(row) {
  const values = row.values;
  const out = [];
  for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
