// The downloadable error report: one row per issue, Danish-Excel friendly (`;`, UTF-8 with BOM, CRLF).
// Any cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an
// apostrophe, so a hostile value from an uploaded file cannot execute when staff open the report.
import type { ImportIssue } from './issues';

/** The cell text made inert for spreadsheets (OWASP CSV-injection advice); plain numbers stay as they are. */
export function neutraliseFormula(text: string): string {
  if (/^[-+]?\d+([.,]\d+)?$/.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(text: string): string {
  const t = neutraliseFormula(text);
  return /[";\r\n]/.test(t) || t !== text ? `"${t.replace(/"/g, '""')}"` : t;
}

const HEAD = { da: ['fil', 'linje', 'kolonne', 'værdi', 'kode', 'fejl'], en: ['file', 'line', 'column', 'value', 'code', 'error'] };

/** The issues as CSV text (no BOM; the route adds it) in the user's language. */
export function issuesToCsv(issues: readonly ImportIssue[], lang: 'da' | 'en'): string {
  const rows = [HEAD[lang].join(';')];
  for (const i of issues) rows.push([i.file, String(i.line), i.column, i.value, i.code, i.message[lang]].map(cell).join(';'));
  return `${rows.join('\r\n')}\r\n`;
}
