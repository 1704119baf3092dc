// A worksheet cell, as its XML holds it, as the text a CSV export of it would hold. The rules are exceljs' (4.4,
// lib/xlsx/xform/sheet/cell-xform.js and lib/utils/utils.js), which read our workbooks before this reader did, so a
// workbook imports as it did then (tests/unit/imports/xlsx-reader.test.ts compares the two cell by cell). Plain
// JavaScript so that the reader's worker thread (xlsx-reader-worker.mjs) and TypeScript callers share one
// implementation (types: xlsx-cells.d.mts).

/**
 * Whether a number format code shows a date or time: exceljs' `isDateFmt` — drop `[…]` (colours, locales, `[h]`)
 * and quoted text, then look for a date or time letter.
 */
export function isDateFormat(code) {
  if (!code) return false;
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * The built-in number formats (no `<numFmt>` in styles.xml) that isDateFormat calls dates, from exceljs'
 * lib/xlsx/defaultnumformats.js: 14–22 (`mm-dd-yy` … `m/d/yy h:mm`) and 45–47 (`mm:ss`, `[h]:mm:ss`, `mmss.0`).
 * The locale-specific ids (27–36, 50–58) have no code there, so exceljs — and this reader — read them as numbers.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/**
 * Whether a cell style (a `<cellXfs>` entry's numFmtId) shows a date: a custom format by its code (backslash
 * escapes removed, as exceljs does), else a built-in id. numFmtId 0 (General) never is.
 */
export function isDateNumFmt(numFmtId, customCodes) {
  if (!numFmtId) return false;
  const custom = customCodes.get(numFmtId);
  return custom ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(numFmtId);
}

/**
 * An Excel date serial (days since 1899-12-30, or since 1904-01-01 in a 1904 workbook) as a Date whose UTC fields
 * hold the wall time written in the sheet (the file has no zone): exceljs' `excelToDate`, rounded to the millisecond.
 */
export function serialToDate(serial, date1904) {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const pad = (n) => String(n).padStart(2, '0');

/** A wall time (UTC fields) as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, or `HH:MM:SS` for a time-only cell (day 0). */
export function wallTimeText(d) {
  if (Number.isNaN(d.getTime())) return '';
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (d.getUTCFullYear() < 1900) return time; // a time-only cell (day 0 of Excel's calendar)
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** A `t="d"` cell's ISO 8601 value (`2026-03-13T08:15:00`, zone ignored: the sheet's wall time) as wall time. */
function isoText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  return wallTimeText(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))));
}

/** OOXML's `_xHHHH_` escape of a character XML cannot hold (Excel writes `_x000D_` for a carriage return). */
export function unescapeXstring(text) {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * A cell's text, untrimmed, from its type (`t`), its value (`<v>`, or an inline string's joined `<t>` runs; null
 * when the cell has none — a formula never calculated) and whether its style shows dates. Numbers as JavaScript
 * writes them (`4.5`), date cells as wall time, booleans `true`/`false`, errors as their code (`#N/A`); a
 * formula's cell holds its cached result, so it follows the same rules.
 */
export function cellText(type, value, dateStyle, book) {
  if (value === null) return '';
  switch (type) {
    case 's':
      return book.sharedStrings[parseInt(value, 10)] ?? '';
    case 'str':
      return unescapeXstring(value); // an inline string's runs arrive unescaped already
    case 'inlineStr':
    case 'e':
      return value;
    case 'b':
      return parseInt(value, 10) !== 0 ? 'true' : 'false';
    case 'd':
      return isoText(value);
    default: {
      const n = parseFloat(value);
      // A time-only value is day 0 in either date system; exceljs read day 0 of a 1904 workbook as 1904-01-01.
      if (dateStyle) return wallTimeText(serialToDate(n, book.date1904 && !(n >= 0 && n < 1)));
      return Number.isFinite(n) ? String(n) : '';
    }
  }
}
