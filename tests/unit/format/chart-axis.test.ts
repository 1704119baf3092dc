import { describe, expect, it } from 'vitest';
import { axisWidth, formatAreaTick, formatMoneyTick, formatMonthLabel, tickCandidates } from '@/lib/format/chart-axis';

describe('chart axes', () => {
  it('write kroner with their unit, in the units finance departments use', () => {
    expect(formatMoneyTick(19_500_000, 'da')).toBe('19,5 mio. kr.');
    expect(formatMoneyTick(800_000, 'da')).toBe('800 t.kr.');
    expect(formatMoneyTick(-2_000_000, 'da')).toBe('-2 mio. kr.');
    expect(formatMoneyTick(500, 'da')).toBe('500 kr.');
    expect(formatMoneyTick(800_000, 'en')).toBe('DKK 800k');
    expect(formatMoneyTick(19_500_000, 'en')).toBe('DKK 19.5m');
    expect(formatAreaTick(12_500, 'da')).toBe('12.500 m²');
  });

  it('name months in the user\'s language, not ISO', () => {
    expect(formatMonthLabel('2026-01', 'da')).toBe('jan. 2026');
    expect(formatMonthLabel('2026-05', 'en')).toBe('May 2026');
    expect(formatMonthLabel('nonsense', 'da')).toBe('nonsense');
  });

  it('make the y-axis wide enough for its longest label', () => {
    const labels = tickCandidates([19_500_000, 800_000_000]).map((v) => formatMoneyTick(v, 'da'));
    // "1.000 mio. kr." at 1,25 × 800 mio. — 14 characters need more than the 70 px the charts had.
    expect(axisWidth(labels)).toBeGreaterThan(100);
    expect(axisWidth(['0'])).toBe(40);
  });
});
