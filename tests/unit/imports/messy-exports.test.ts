// The pure rules behind issue 17's "nothing silently mis-read": encodings, Excel's hint line and title rows,
// 12-hour clocks and split date/time columns, units in column names, workbook cells and platform uplinks.
import { describe, expect, it } from 'vitest';
import { detectCsvSettings, detectEncoding, detectTitleRows, looksBinary, sepHint } from '@/lib/imports/detect/detect';
import { cellText, spreadsheetKind } from '@/lib/imports/read/xlsx-source';
import { joinDateAndTime, to24Hour } from '@/lib/imports/validate/timestamps';
import { areaUnitOfColumn, krPerUnitOfColumn } from '@/lib/imports/validate/units';
import { writtenWithThousands } from '@/lib/imports/validate/plausibility';
import { euiSensorId, uplinkBatch } from '@/lib/imports/platform-uplinks';

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('text encodings and layout Excel writes', () => {
  it('reads Excel\'s "Unicode text" (UTF-16 LE with BOM, tab-separated) as text, not as a binary file', () => {
    const bytes = utf16le('Tidspunkt\tMåler\tAntal\r\n13-03-2026 08:00\tS-1\t3\r\n13-03-2026 08:15\tS-1\t4\r\n');
    expect(looksBinary(bytes)).toBe(false);
    expect(detectEncoding(bytes)).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectCsvSettings(bytes, false)).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', header: true, skipRows: 0 });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a\tb\n', 'utf16le').swap16()]);
    expect(detectEncoding(be).encoding).toBe('utf-16be');
  });

  it('honours the sep= hint line and counts it as a row to skip', () => {
    expect(sepHint('sep=;')).toBe(';');
    expect(sepHint('"sep=,"')).toBe(',');
    expect(sepHint('sep=\t')).toBe('\t');
    expect(sepHint('sensor;count')).toBeNull();
    const s = detectCsvSettings(Buffer.from('sep=,\na;b,c\n1;2,3\n4;5,6\n'), false);
    expect(s).toMatchObject({ delimiter: ',', skipRows: 1 });
  });

  it('finds the table below title rows, and none in a plain file', () => {
    expect(detectTitleRows([['Rapport'], ['Udtrukket 3-3'], ['', ''], ['a', 'b', 'c'], ['1', '2', '3'], ['4', '5', '6']])).toBe(3);
    expect(detectTitleRows([['a', 'b'], ['1', '2'], ['3', '4']])).toBe(0);
  });
});

describe('12-hour clocks and date and time in two columns', () => {
  it('reads AM/PM as a 24-hour time, and refuses hour 13 PM', () => {
    expect(to24Hour('03/13/2026 2:15 PM')).toBe('03/13/2026 14:15');
    expect(to24Hour('12:00 AM')).toBe('00:00');
    expect(to24Hour('12:30 pm')).toBe('12:30');
    expect(to24Hour('1:45 p.m.')).toBe('13:45');
    expect(to24Hour('13:00 PM')).toBeNull();
    expect(to24Hour('2026-03-13 08:00')).toBe('2026-03-13 08:00');
  });

  it('joins a date and a time column, an Excel day fraction too', () => {
    expect(joinDateAndTime('13-03-2026', '08:15')).toBe('13-03-2026 08:15');
    expect(joinDateAndTime('13-03-2026', '0,5')).toBe('13-03-2026 12:00');
    expect(joinDateAndTime('13-03-2026', undefined)).toBe('13-03-2026');
  });
});

describe('units stated in column names', () => {
  it('knows square feet from m² and no unit', () => {
    for (const c of ['square_feet', 'Gross area (ft²)', 'sq ft', 'area_sqft', 'Area ft2']) expect(areaUnitOfColumn(c)).toBe('sqft');
    for (const c of ['Areal (m²)', 'gross_area_m2', 'kvm']) expect(areaUnitOfColumn(c)).toBe('m2');
    expect(areaUnitOfColumn('areal')).toBeNull();
  });

  it('scales t.kr. and mio. kr, and leaves kr, dkk and words that merely contain the letters', () => {
    for (const c of ['Beløb (t.kr.)', 'beløb_tkr', 'Beløb (1.000 kr)', 'amount_tdkk']) expect(krPerUnitOfColumn(c)).toBe(1000);
    for (const c of ['beløb_mio_kr', 'Beløb (mio. kr.)', 'amount_mdkk']) expect(krPerUnitOfColumn(c)).toBe(1_000_000);
    for (const c of ['beløb_kr', 'amount_dkk', 'cost_dkk', 'sum_kr', 'overslag_kr']) expect(krPerUnitOfColumn(c)).toBe(1);
  });

  it('sees a thousands separator in a count only where the file uses it as one', () => {
    expect(writtenWithThousands('1.204', ',')).toBe(true);
    expect(writtenWithThousands('1,204', '.')).toBe(true);
    expect(writtenWithThousands('1204', ',')).toBe(false);
    expect(writtenWithThousands('4,5', ',')).toBe(false);
  });
});

describe('workbook cells as text', () => {
  it('writes date cells as local wall time, time-only cells as a time, ISO date cells (t="d") alike', () => {
    const book = { sharedStrings: ['Skolen'], date1904: false };
    expect(cellText('n', '46094.34375', true, book)).toBe('2026-03-13 08:15:00');
    expect(cellText('n', '46094', true, book)).toBe('2026-03-13');
    expect(cellText('n', '0.34375', true, book)).toBe('08:15:00');
    expect(cellText('n', '0.34375', true, { ...book, date1904: true })).toBe('08:15:00'); // Excel for Mac's day 0
    expect(cellText('n', '44632.34375', true, { ...book, date1904: true })).toBe('2026-03-13 08:15:00');
    expect(cellText('d', '2026-03-13T08:15:00', false, book)).toBe('2026-03-13 08:15:00');
    expect(cellText('d', '2026-03-13T00:00:00Z', false, book)).toBe('2026-03-13');
    expect(cellText('n', '4.50', false, book)).toBe('4.5');
    expect(cellText('s', '0', false, book)).toBe('Skolen');
    expect(cellText('b', '1', false, book)).toBe('true');
    expect(cellText('e', '#N/A', false, book)).toBe('#N/A');
    expect(cellText('n', null, false, book)).toBe(''); // a formula without a cached result
  });

  it('tells xlsx from xls, ods and any other zip', () => {
    const zipHead = (name: string) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(name)]);
    expect(spreadsheetKind(zipHead('[Content_Types].xml'))).toBe('xlsx');
    expect(spreadsheetKind(zipHead('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'))).toBe('ods');
    expect(spreadsheetKind(zipHead('photo.jpg'))).toBeNull();
    expect(spreadsheetKind(Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(8), 'hex'))).toBe('xls');
    expect(spreadsheetKind(Buffer.from('timestamp;sensor;count\n'))).toBeNull();
  });
});

describe('platform uplinks', () => {
  it('normalises an EUI to the sensor id and refuses a message without one or without the field', () => {
    expect(euiSensorId('A8-17-58-FF-FE-05-28-5C')).toBe('a81758fffe05285c');
    expect(uplinkBatch({ readings: [] }, undefined, '2026-03-02T08:00:00Z')).toBeNull();
    const noEui = uplinkBatch({ deviceInfo: { devEui: 'x' }, object: { count: 1 } }, undefined, '2026-03-02T08:00:00Z');
    expect(noEui).toMatchObject({ ok: false });
    const noField = uplinkBatch({ deviceInfo: { devEui: 'a81758fffe05285c' }, object: { temperature: 21 } }, undefined, '2026-03-02T08:00:00Z');
    expect(noField).toMatchObject({ ok: false });
    const noTime = uplinkBatch({ deviceInfo: { devEui: 'a81758fffe05285c' }, object: { presence: true } }, undefined, '2026-03-02T08:00:00Z');
    expect(noTime).toEqual({ ok: true, platform: 'chirpstack', batch: { readings: [{ sensor: 'a81758fffe05285c', ts: '2026-03-02T08:00:00Z', value: true }] } });
  });
});
