/** The parts of the workbook a cell's text depends on (xlsx-workbook.mjs). */
export interface CellBook {
  sharedStrings: string[];
  date1904: boolean;
}

/** Whether a number format code shows a date or time (exceljs' isDateFmt). */
export function isDateFormat(code: string | undefined): boolean;

/** Whether a style's numFmtId shows a date: a custom format by its code, else a built-in id (14–22, 45–47). */
export function isDateNumFmt(numFmtId: number, customCodes: Map<number, string>): boolean;

/** An Excel date serial as a Date whose UTC fields hold the sheet's wall time (exceljs' excelToDate). */
export function serialToDate(serial: number, date1904: boolean): Date;

/** A wall time (UTC fields) as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, or `HH:MM:SS` for a time-only cell. */
export function wallTimeText(d: Date): string;

/** OOXML's `_xHHHH_` escapes decoded. */
export function unescapeXstring(text: string): string;

/** A cell's text, untrimmed, from its type (`t`), its value (null: none) and whether its style shows dates. */
export function cellText(type: string, value: string | null, dateStyle: boolean, book: CellBook): string;
