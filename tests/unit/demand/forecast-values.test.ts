import { describe, expect, it } from 'vitest';
import { matchDistrict, namesMunicipality, normaliseAreaName, parseAge, parseVariant, sexIsPart } from '@/lib/demand/forecast-values';

describe('forecast values as files write them', () => {
  it('reads Statistics Denmark ages, bands, open groups and totals', () => {
    expect(parseAge('7 år')).toEqual({ from: 7, to: 7 });
    expect(parseAge('0 år')).toEqual({ from: 0, to: 0 });
    expect(parseAge('12')).toEqual({ from: 12, to: 12 });
    expect(parseAge('0-4 år')).toEqual({ from: 0, to: 4 });
    expect(parseAge('3–5')).toEqual({ from: 3, to: 5 });
    expect(parseAge('100 år og derover')).toEqual({ from: 100, to: 120 });
    expect(parseAge('80+')).toEqual({ from: 80, to: 120 });
    expect(parseAge('7 years')).toEqual({ from: 7, to: 7 });
    expect(parseAge('Alder i alt')).toBe('total');
    expect(parseAge('I alt')).toBe('total');
    expect(parseAge('syv')).toBeNull();
    expect(parseAge('5-3')).toBeNull();
    expect(parseAge('130 år')).toBeNull();
  });

  it('reads variants in Danish and English', () => {
    expect(['Lav', 'hovedprognose', 'HØJ', 'main', 'high'].map(parseVariant)).toEqual(['low', 'main', 'high', 'main', 'high']);
    expect(parseVariant('medium-ish')).toBeNull();
  });

  it('sums the sexes only when they are parts', () => {
    expect([sexIsPart('Mænd'), sexIsPart('Kvinder'), sexIsPart('I alt'), sexIsPart(undefined)]).toEqual([true, true, false, false]);
  });

  it('matches areas to districts loosely, and leaves ambiguous or unknown ones for the mapping step', () => {
    const districts = [{ id: '1', name: 'Centrum' }, { id: '2', name: 'Tjørring' }, { id: '3', name: 'Lind' }];
    expect(normaliseAreaName('Skoledistrikt Tjørring')).toBe('tjoerring');
    expect(matchDistrict('Skoledistrikt Tjørring', null, districts)).toBe('2');
    expect(matchDistrict('TJOERRING', null, districts)).toBe('2');
    expect(matchDistrict('Lind skoledistrikt', null, districts)).toBe('3');
    expect(matchDistrict('Herning Midt', 'Centrum', districts)).toBe('1');
    expect(matchDistrict('Herning Midt', null, districts)).toBeNull();
  });

  it('recognises the municipality as a whole', () => {
    expect(namesMunicipality('Herning', 'Herning Kommune (demo)')).toBe(true);
    expect(namesMunicipality('Herning Kommune', 'Herning Kommune (demo)')).toBe(true);
    expect(namesMunicipality('Hele kommunen', 'Herning Kommune (demo)')).toBe(true);
    expect(namesMunicipality('Lind', 'Herning Kommune (demo)')).toBe(false);
  });
});
