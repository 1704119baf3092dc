import { describe, expect, it } from 'vitest';
import {
  addMonths,
  expiredPartitions,
  monthOf,
  monthsCovering,
  parsePartitionName,
  partitionName,
  retentionCutoff,
} from '@/lib/occupancy/partitions';

describe('monthly reading partitions', () => {
  it('names a month the way ensure_reading_partitions() does', () => {
    expect(partitionName({ year: 2026, month: 3 })).toBe('occupancy_reading_2026_03');
    expect(parsePartitionName('occupancy_reading_2026_03')).toEqual({ year: 2026, month: 3 });
  });

  it('does not mistake the default partition or other tables for a month', () => {
    expect(parsePartitionName('occupancy_reading_default')).toBeNull();
    expect(parsePartitionName('occupancy_reading_2026_13')).toBeNull();
    expect(parsePartitionName('occupancy_hourly')).toBeNull();
  });

  it('uses the UTC month, so 00:30 Copenhagen time on 1 March still belongs to February', () => {
    expect(monthOf(new Date('2026-03-01T00:30:00+01:00'))).toEqual({ year: 2026, month: 2 });
  });

  it('steps across year ends both ways', () => {
    expect(addMonths({ year: 2026, month: 11 }, 3)).toEqual({ year: 2027, month: 2 });
    expect(addMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(addMonths({ year: 2026, month: 1 }, -25)).toEqual({ year: 2023, month: 12 });
  });

  it('covers every month an upload touches, inclusive', () => {
    const months = monthsCovering(new Date('2025-11-20T10:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    expect(months.map(partitionName)).toEqual([
      'occupancy_reading_2025_11',
      'occupancy_reading_2025_12',
      'occupancy_reading_2026_01',
      'occupancy_reading_2026_02',
    ]);
    expect(monthsCovering(new Date('2026-02-01'), new Date('2026-01-01'))).toEqual([]);
  });
});

describe('retention of raw readings', () => {
  const now = new Date('2027-03-15T12:00:00Z');
  const names = [
    'occupancy_reading_2025_01',
    'occupancy_reading_2025_02',
    'occupancy_reading_2025_03',
    'occupancy_reading_default',
    'occupancy_reading_2024_12',
    'occupancy_reading_2027_04',
  ];

  it('keeps the last 24 months and expires the older ones, oldest first', () => {
    expect(retentionCutoff(now, 24)).toEqual({ year: 2025, month: 3 });
    expect(expiredPartitions(names, now, 24)).toEqual([
      'occupancy_reading_2024_12',
      'occupancy_reading_2025_01',
      'occupancy_reading_2025_02',
    ]);
  });

  it('never expires the default partition or partitions created ahead', () => {
    const expired = expiredPartitions(names, now, 1);
    expect(expired).not.toContain('occupancy_reading_default');
    expect(expired).not.toContain('occupancy_reading_2027_04');
    expect(expired).toHaveLength(4);
  });

  it('refuses a retention that would drop the current month', () => {
    expect(() => retentionCutoff(now, 0)).toThrow(RangeError);
    expect(() => retentionCutoff(now, 1.5)).toThrow(RangeError);
  });
});
