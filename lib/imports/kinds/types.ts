// The contract every import kind fulfils: which fields it reads, how one record becomes a staging row (or
// issues), the staging table it is COPYed into, and the single merge into the real tables.
import type { PoolClient } from 'pg';
import type { TouchedReadings } from '../derive/readings';
import type { DecimalMark } from '../detect/detect';
import type { ImportIssue, IssueCode, IssueParams } from '../issues';
import type { ColumnMapping, FieldSpec, ImportKind } from '../mapping';
import type { OrganisationSettings } from '@/lib/organisations/settings';

/** One record as a kind sees it: field values by key, with the column each came from. */
export interface RecordView {
  file: string;
  /** The record's line. The pipeline reuses one view for every row: read it during row(), do not keep the view. */
  line: number;
  /** The trimmed text of a field, or undefined when it is not mapped or empty. */
  get(field: string): string | undefined;
  /** The column name a field came from, for issue reports. */
  column(field: string): string;
  issue(code: IssueCode, field: string | null, params?: IssueParams, value?: string): void;
  /** Something doubtful about the row that does not stop it landing (a plausibility check set to warning). */
  warn(code: IssueCode, field: string | null, params?: IssueParams, value?: string): void;
}

export interface MergeCounts {
  /** New rows written. */
  inserted: number;
  /** Existing rows whose values changed. */
  updated: number;
  /** Set when duplicates are not simply staged rows − inserted − updated (footprints). */
  duplicates?: number;
  /** Anything else worth reporting (e.g. footprints that matched no building). */
  extra?: Record<string, number | string>;
  /** Sensors whose readings changed (occupancy), for quality and rollups. */
  sensorIds?: string[];
  fromMs?: number;
  toMs?: number;
  /** Readings merged (occupancy): the derive stage refreshes their rollups and quality, then re-score follows. */
  readings?: TouchedReadings;
  /** Buildings whose cost or maintenance rows changed (costs, maintenance): the re-score stage's input. */
  buildingIds?: string[];
}

export interface KindContext {
  organisationId: string;
  mapping: ColumnMapping;
  decimal: DecimalMark;
  file: string;
  /**
   * The buildings the importing user may import data for (facility staff: their assigned buildings); null =
   * every building of the organisation. Rows for other buildings are row errors; the file is rejected as usual.
   */
  allowedBuildings: ReadonlySet<string> | null;
  /** Column header names (CSV) or property names seen (JSON), to guess value kinds etc. */
  header: string[];
  /** The import's clock (ms since epoch): the readings window is counted from it. */
  nowMs: number;
  /** field → the column it is read from in this file (only fields that found a column or a constant). */
  columnOf: ReadonlyMap<string, string>;
  /** The organisation's settings (its plausibility checks, time zone, norms), loaded once per import. */
  settings: OrganisationSettings;
}

export interface KindHandler {
  kind: ImportKind;
  fields: FieldSpec[];
  /** Columns of the staging table, in COPY order, with their SQL types. */
  stageColumns: Array<[name: string, type: string]>;
  /** Loads lookups (sensors, buildings) before the rows are read. */
  prepare(client: PoolClient, ctx: KindContext): Promise<void>;
  /** Turns one record into staging values (null for SQL NULL) or reports issues and returns null. */
  row(rec: RecordView): Array<string | number | boolean | null> | null;
  /** Optional fast path: the staging row as one COPY text line (with its newline), or null like row(). */
  rowLine?(rec: RecordView): string | null;
  /** Issues about the whole file found after reading every row (e.g. an undecidable date order). */
  finish?(): ImportIssue[];
  /** Notices about the whole file once it is read (a unit converted, the repeated October hour resolved): warnings. */
  notices?(): ImportIssue[];
  /** Merges the staging table `stage` into the real tables; runs inside the import's transaction. */
  merge(client: PoolClient, ctx: KindContext): Promise<MergeCounts>;
  /**
   * Optional direct path: rows are COPYed straight into the real table (no stage), inside the import's
   * transaction. The pipeline falls back to the stage when the COPY hits a unique violation (a key repeated in
   * the file or already stored), re-reading the file, so the result is the same either way.
   */
  direct?: DirectCopy;
  /** Releases what the handler holds outside the database (temp files); called once the import is over. */
  dispose?(): void;
}

export interface DirectCopy {
  /** `table (columns)` for COPY … FROM STDIN. */
  target: string;
  /** Switches rowLine() to the direct table's row format and merge() to the direct merge; call before prepare(). */
  enable(): void;
  /**
   * Work that must run (on the same connection, between COPY statements) before the row rowLine() just returned
   * may be written, e.g. creating its month's partition; null when none. Called after every row.
   */
  takeBarrier(): ((client: PoolClient) => Promise<unknown>) | null;
  /**
   * The direct path's rows are binary COPY rows handed out by take()/flush() (rowLine() then returns '' for an
   * accepted row): take() returns the rows ready so far or null, flush() the rest once the file is read.
   */
  take(): Buffer | null;
  flush(): Buffer | null;
}
