// Import problems as data: every issue names the file, line and column, quotes the value, carries a stable
// code and a message in Danish and English. The same shape is shown on the upload page, written to the
// error CSV, stored in import_job.errors and printed by the CLI as `file:line:column: message`.

export type IssueCode =
  | 'empty_file'
  | 'header_only'
  | 'binary_file'
  | 'invalid_encoding'
  | 'missing_column'
  | 'extra_fields'
  | 'missing_fields'
  | 'required'
  | 'invalid_timestamp'
  | 'ambiguous_date_order'
  | 'nonexistent_local_time'
  | 'ambiguous_local_time'
  | 'invalid_number'
  | 'negative_value'
  | 'value_out_of_range'
  | 'not_presence'
  | 'unknown_sensor'
  | 'unknown_building'
  | 'sensor_not_assigned'
  | 'building_not_assigned'
  | 'kind_not_permitted'
  | 'formula_cell'
  | 'invalid_value'
  | 'invalid_json'
  | 'invalid_geometry'
  | 'invalid_coordinates'
  | 'too_many_errors'
  | 'file_too_large'
  | 'timestamp_out_of_range'
  | 'record_too_long'
  | 'too_many_columns'
  | 'too_many_new_sensors'
  | 'too_many_areas'
  // Plausibility checks (lib/imports/plausibility.ts): errors or warnings as the organisation sets them.
  | 'sentinel_value'
  | 'thousands_separator_in_count'
  | 'non_integer_count'
  | 'over_capacity'
  | 'impossible_jump'
  | 'implausible_area_per_user'
  | 'implausible_cost_per_m2'
  // Notices: what the import did that the user must know (never an error).
  | 'unit_converted'
  | 'repeated_hour_resolved'
  | 'unsupported_spreadsheet'
  | 'invalid_xlsx';

export interface ImportIssue {
  file: string;
  /** 1-based physical line of the record (for JSON/GeoJSON: 1-based record number). 0 = the file as a whole. */
  line: number;
  /** Column name as in the file's header (or "#n" without header); '' for whole-row/file problems. */
  column: string;
  value: string;
  code: IssueCode;
  message: { da: string; en: string };
}

export type IssueParams = Record<string, string | number>;

const MESSAGES: Record<IssueCode, { da: string; en: string }> = {
  empty_file: { da: 'Filen er tom.', en: 'The file is empty.' },
  header_only: { da: 'Filen har kun en overskriftslinje og ingen data.', en: 'The file has a header line but no data rows.' },
  binary_file: { da: 'Filen er ikke en tekstfil (CSV/JSON).', en: 'The file is not a text file (CSV/JSON).' },
  invalid_encoding: { da: 'Teksten kan ikke læses som {encoding}.', en: 'The text cannot be read as {encoding}.' },
  missing_column: {
    da: 'Kolonnen "{column}" ({field}) findes ikke i filen. Kolonner: {columns}.',
    en: 'Column "{column}" ({field}) is not in the file. Columns: {columns}.',
  },
  extra_fields: { da: 'Rækken har {found} felter, overskriften {expected}.', en: 'The row has {found} fields, the header {expected}.' },
  missing_fields: { da: 'Rækken har {found} felter, overskriften {expected}.', en: 'The row has {found} fields, the header {expected}.' },
  required: { da: 'Feltet skal udfyldes.', en: 'The field is required.' },
  invalid_timestamp: {
    da: 'Tidspunktet kan ikke læses (forventet fx 2026-03-04T08:15:00+01:00, 04-03-2026 08:15 eller 04.03.2026 08:15).',
    en: 'The timestamp cannot be read (expected e.g. 2026-03-04T08:15:00+01:00, 04-03-2026 08:15 or 04.03.2026 08:15).',
  },
  ambiguous_date_order: {
    da: 'Datoerne kan læses både som dag-måned og måned-dag, og ingen dato i filen afgør det. De er læst som dd-mm-åååå (dansk standard); vælg mm-dd-åååå, hvis det er forkert.',
    en: 'The dates read as both day-month and month-day and no date in the file decides it. They were read as dd-mm-yyyy (the Danish convention); choose mm-dd-yyyy if that is wrong.',
  },
  nonexistent_local_time: {
    da: 'Tidspunktet findes ikke i dansk tid: urene stilles frem fra 02:00 til 03:00 den dag.',
    en: 'This time does not exist in Danish time: clocks jump from 02:00 to 03:00 that day.',
  },
  ambiguous_local_time: {
    da: 'Tidspunktet forekommer to gange i dansk tid (urene stilles tilbage), og rækkerne for sensoren er ikke i tidsorden, så det kan ikke afgøres hvilken. Brug tidspunkter med UTC-forskydning (fx +02:00).',
    en: 'This time occurs twice in Danish time (clocks go back) and the sensor\'s rows are not in time order, so which one is meant cannot be decided. Use timestamps with a UTC offset (e.g. +02:00).',
  },
  invalid_number: { da: 'Ikke et tal.', en: 'Not a number.' },
  negative_value: { da: 'Værdien må ikke være negativ.', en: 'The value must not be negative.' },
  value_out_of_range: { da: 'Værdien skal ligge mellem {min} og {max}.', en: 'The value must be between {min} and {max}.' },
  not_presence: { da: 'Tilstedeværelse skal være 0 eller 1.', en: 'Presence must be 0 or 1.' },
  unknown_sensor: {
    da: 'Sensoren "{value}" kendes ikke, og der er ingen bygning at oprette den i (angiv en bygningskolonne eller en bygning).',
    en: 'Sensor "{value}" is unknown and there is no building to create it in (map a building column or choose a building).',
  },
  unknown_building: { da: 'Bygningen "{value}" findes ikke i registret.', en: 'Building "{value}" is not in the registry.' },
  sensor_not_assigned: {
    da: 'Sensoren "{sensor}" hører til en bygning, du ikke er tilknyttet ({building}).',
    en: 'Sensor "{sensor}" belongs to a building you are not assigned to ({building}).',
  },
  building_not_assigned: {
    da: 'Bygningen "{value}" er ikke blandt de bygninger, du er tilknyttet.',
    en: 'Building "{value}" is not one of the buildings you are assigned to.',
  },
  kind_not_permitted: {
    da: 'Driftspersonale kan indlæse belægning, udgifter og vedligehold for deres egne bygninger; {kind} indlæses af en administrator eller ejendomschef.',
    en: 'Facility staff can import occupancy, costs and maintenance for their own buildings; {kind} files are imported by an administrator or property manager.',
  },
  formula_cell: {
    da: 'Cellen ligner en regnearksformel og afvises af sikkerhedshensyn.',
    en: 'The cell looks like a spreadsheet formula and is rejected for safety.',
  },
  invalid_value: { da: 'Ugyldig værdi: {reason}', en: 'Invalid value: {reason}' },
  invalid_json: { da: 'Filen er ikke gyldig JSON: {reason}', en: 'The file is not valid JSON: {reason}' },
  invalid_geometry: { da: 'Geometrien er ugyldig: {reason}', en: 'The geometry is invalid: {reason}' },
  invalid_coordinates: {
    da: 'Koordinaterne ligger ikke i Danmark/verden for {srid}.',
    en: 'The coordinates are out of range for {srid}.',
  },
  too_many_errors: {
    da: 'Der er {count} fejl i alt; kun de første {shown} vises.',
    en: 'There are {count} errors in all; only the first {shown} are listed.',
  },
  file_too_large: { da: 'Filen er større end grænsen på {limit}.', en: 'The file is larger than the limit of {limit}.' },
  timestamp_out_of_range: {
    da: 'Tidspunktet ligger uden for det tilladte interval for målinger ({from} – {to}); tjek år og tidszone.',
    en: 'The timestamp lies outside the plausible window for readings ({from} – {to}); check the year and the time zone.',
  },
  record_too_long: {
    da: 'En post er længere end {limit} tegn – sandsynligvis et anførselstegn (") der åbnes i linje {line} og aldrig lukkes.',
    en: 'A record is longer than {limit} characters – most likely a quote (") opened on line {line} and never closed.',
  },
  too_many_columns: { da: 'Filen har {found} kolonner; højst {limit} læses.', en: 'The file has {found} columns; at most {limit} are read.' },
  too_many_areas: {
    da: 'Filen har mere end {limit} områder; en kommunes planlægningsområder er langt færre – er det den rigtige fil?',
    en: 'The file has more than {limit} areas; a municipality has far fewer planning areas – is it the right file?',
  },
  too_many_new_sensors: {
    da: 'Filen ville oprette mere end {limit} nye sensorer; del den op eller opret sensorerne først.',
    en: 'The file would create more than {limit} new sensors; split it or create the sensors first.',
  },
  sentinel_value: {
    da: 'Værdien {value} er en typisk "ingen måling"-kode fra sensorportaler, ikke et antal.',
    en: 'The value {value} is a typical "no reading" code of sensor portals, not a count.',
  },
  thousands_separator_in_count: {
    da: 'Antallet "{value}" er skrevet med tusindtalsseparator ({number} personer) – en fejl eller en tastefejl? Skriv antallet uden punktum/komma.',
    en: 'The count "{value}" is written with a thousands separator ({number} people) – an error or a typo? Write the count without the separator.',
  },
  non_integer_count: { da: 'Et personantal på {value} er ikke et helt tal (gennemsnit?).', en: 'A people count of {value} is not a whole number (an average?).' },
  over_capacity: {
    da: '{value} personer er mere end {factor} × kapaciteten ({capacity}).',
    en: '{value} people is more than {factor} × the capacity ({capacity}).',
  },
  impossible_jump: {
    da: 'Antallet springer fra {from} til {value} på én måling – mere end {factor} × kapaciteten ({capacity}).',
    en: 'The count jumps from {from} to {value} in one reading – more than {factor} × the capacity ({capacity}).',
  },
  implausible_area_per_user: {
    da: '{perUser} m² pr. bruger ligger langt fra normen for kategorien ({norm} m²) – tjek areal, enhed og brugere.',
    en: '{perUser} m² per user is far from the category norm ({norm} m²) – check the area, its unit and the users.',
  },
  implausible_cost_per_m2: {
    da: '{perM2} kr pr. m² om året ligger uden for {min}–{max} kr – tjek beløbet og enheden (kr, t.kr., mio. kr).',
    en: '{perM2} kr per m² a year is outside {min}–{max} kr – check the amount and its unit (kr, t.kr., mio. kr).',
  },
  unit_converted: {
    da: 'Kolonnen "{column}" er i {from}; værdierne er omregnet til {to} (× {factor}).',
    en: 'Column "{column}" is in {from}; the values were converted to {to} (× {factor}).',
  },
  repeated_hour_resolved: {
    da: 'Den gentagne time ved skift til vintertid: {rows} rækker. Filen er i tidsorden pr. sensor, så første forekomst er læst som sommertid (+02:00) ({summer}), anden som vintertid (+01:00) ({winter}).',
    en: 'The hour repeated when clocks go back: {rows} rows. The file is in time order per sensor, so the first occurrence was read as summer time (+02:00) ({summer}), the second as winter time (+01:00) ({winter}).',
  },
  invalid_xlsx: { da: 'Excel-filen kan ikke læses: {reason}', en: 'The Excel file cannot be read: {reason}' },
  unsupported_spreadsheet: {
    da: '{format}-filer kan ikke læses. Åbn filen i Excel eller LibreOffice og vælg Gem som → Excel-projektmappe (.xlsx) eller CSV (semikolonsepareret).',
    en: '{format} files cannot be read. Open the file in Excel or LibreOffice and choose Save as → Excel Workbook (.xlsx) or CSV (semicolon-separated).',
  },
};

function fill(template: string, params: IssueParams): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** Builds an issue with its Danish and English message filled from params. */
export function makeIssue(
  code: IssueCode,
  at: { file: string; line: number; column?: string; value?: string },
  params: IssueParams = {},
): ImportIssue {
  const value = at.value ?? '';
  const p = { value, column: at.column ?? '', ...params };
  return {
    file: at.file,
    line: at.line,
    column: at.column ?? '',
    value,
    code,
    message: { da: fill(MESSAGES[code].da, p), en: fill(MESSAGES[code].en, p) },
  };
}

/** One issue as the CLI prints it: `file:line:column: message` (English unless lang = 'da'). */
export function formatIssue(issue: ImportIssue, lang: 'da' | 'en' = 'en'): string {
  const value = issue.value ? ` [${JSON.stringify(issue.value.length > 80 ? `${issue.value.slice(0, 80)}…` : issue.value)}]` : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message[lang]}${value}`;
}

/** Keeps the first `limit` issues in memory and counts the rest, so a file of a million bad rows stays bounded. */
export class IssueList {
  readonly items: ImportIssue[] = [];
  total = 0;
  /** Distinct record lines with at least one issue. */
  rowsRejected = 0;
  private lastLine = -1;
  constructor(readonly limit = 1000) {}

  add(issue: ImportIssue): void {
    this.total += 1;
    if (issue.line > 0 && issue.line !== this.lastLine) {
      this.rowsRejected += 1;
      this.lastLine = issue.line;
    }
    if (this.items.length < this.limit) this.items.push(issue);
  }

  get isEmpty(): boolean {
    return this.total === 0;
  }
}
