// The settings form's fields (app/admin/settings) → the input of saveImportSettings. Field names are the setting
// names (`timeZone`, `overCapacityFactor`, …) so a refused value names its field. Numbers may use a decimal comma.
import { IMPORT_CHECK_RULES } from './import-check-rules';

const number = (v: FormDataEntryValue | null): number => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : NaN);

/** Sentinel values as typed: separated by spaces or semicolons (a comma could be a decimal comma). */
export function parseSentinelList(text: string): number[] {
  return text.split(/[\s;]+/).filter((t) => t !== '').map((t) => Number(t.replace(',', '.')));
}

/** The raw input of saveImportSettings from the form (validation is the schema's). */
export function importSettingsFromForm(form: FormData): unknown {
  const checks: Record<string, unknown> = {};
  for (const rule of IMPORT_CHECK_RULES) {
    checks[rule.severity] = form.get(rule.severity);
    for (const p of rule.params) checks[p] = number(form.get(p));
  }
  checks.sentinelValues = parseSentinelList(String(form.get('sentinelValues') ?? ''));
  return { timeZone: form.get('timeZone'), importChecks: checks };
}
