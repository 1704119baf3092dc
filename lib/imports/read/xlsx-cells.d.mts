import type ExcelJS from 'exceljs';

/** A cell (exceljs CellValue) as text: numbers with a decimal point, dates as wall time, formulas as their result. */
export function cellText(v: ExcelJS.CellValue): string;

/** An exceljs row's cells as trimmed texts, trailing empty cells dropped. */
export function rowTexts(row: ExcelJS.Row): string[];
