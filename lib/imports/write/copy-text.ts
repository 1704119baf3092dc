// Rows for COPY … FROM STDIN in PostgreSQL's text format: tab-separated, \N for NULL, with backslash,
// tab and line breaks escaped so no cell can break out of its column.

/** One COPY text line (with its trailing newline) for these values. */
export function copyLine(values: ReadonlyArray<string | number | boolean | null>): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += '\t';
    const v = values[i];
    if (v === null) out += '\\N';
    else if (typeof v === 'number' || typeof v === 'boolean') out += String(v);
    else out += /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  }
  return `${out}\n`;
}
