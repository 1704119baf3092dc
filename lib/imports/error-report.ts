// The downloadable error report: one row per issue, Danish-Excel friendly (`;`, UTF-8 with BOM, CRLF), written by
// the one CSV writer (lib/format/csv.ts), so a hostile value from an uploaded file cannot execute as a formula
// when staff open the report.
import { toCsv } from '@/lib/format/csv';
import type { ImportIssue } from './issues';

export { neutraliseFormula } from '@/lib/format/csv';

const HEAD = { da: ['fil', 'linje', 'kolonne', 'værdi', 'kode', 'fejl'], en: ['file', 'line', 'column', 'value', 'code', 'error'] };

/** The issues as CSV text (no BOM; the route adds it) in the user's language. */
export function issuesToCsv(issues: readonly ImportIssue[], lang: 'da' | 'en'): string {
  return toCsv(HEAD[lang], issues.map((i) => [i.file, String(i.line), i.column, i.value, i.code, i.message[lang]]));
}
