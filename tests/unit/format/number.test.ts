import { describe, expect, it } from 'vitest';
import { formatArea, formatDate, formatDateTime, formatMoney, formatPercent } from '@/lib/format/number';

describe('Danish number, money and date formats', () => {
  it('writes areas with thousands points and a decimal comma', () => {
    expect(formatArea(1234.5, 'da', 1)).toBe('1.234,5 m²');
    expect(formatArea(1234.5, 'en', 1)).toBe('1,234.5 m²');
  });
  it('writes money as whole kroner', () => {
    expect(formatMoney(12500, 'da')).toBe('12.500 kr');
    expect(formatMoney(12499.6, 'en')).toBe('DKK 12,500');
  });
  it('writes shares as percentages with a comma', () => {
    expect(formatPercent(0.125, 'da', 1)).toBe('12,5 %');
  });
  it('writes dates dd-mm-yyyy in the zone it is given, across midnight UTC', () => {
    // 23:30 UTC on 21 November is 00:30 on 22 November in Copenhagen (CET, UTC+1) but 21:30 on the 21st in Nuuk (UTC−2).
    expect(formatDate(new Date('2026-11-21T23:30:00Z'), 'da', 'Europe/Copenhagen')).toBe('22-11-2026');
    expect(formatDate(new Date('2026-11-21T23:30:00Z'), 'da', 'America/Nuuk')).toBe('21-11-2026');
    expect(formatDateTime(new Date('2026-07-01T10:05:00Z'), 'da', 'Europe/Copenhagen')).toBe('01-07-2026 12:05');
    expect(formatDateTime(new Date('2026-07-01T10:05:00Z'), 'da', 'Atlantic/Faroe')).toBe('01-07-2026 11:05');
    expect(formatDateTime(new Date('2026-07-01T10:05:00Z'), 'en', 'America/Nuuk')).toBe('1 Jul 2026 09:05'); // summer time there: UTC−1
  });
});
