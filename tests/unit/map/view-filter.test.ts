// The map's view state as it travels in the URL: shared links must open the same map, and a broken parameter
// must not throw away the rest.
import { describe, expect, it } from 'vitest';
import { parseTileCoords } from '@/lib/map/tile-coords';
import { parseViewFilter } from '@/lib/map/view-filter';

describe('parseViewFilter', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parseViewFilter(new URLSearchParams(''))).toEqual({ colour: 'combined', min: 0, max: 100, minConf: 0 });
  });

  it('reads every filter from a shared link', () => {
    const f = parseViewFilter(new URLSearchParams('colour=util&category=daycare&district=Gullestrup&min=20&max=60&minConf=50&bbox=8.9,56.1,9.0,56.2'));
    expect(f).toEqual({ colour: 'util', category: 'daycare', district: 'Gullestrup', min: 20, max: 60, minConf: 50, bbox: [8.9, 56.1, 9, 56.2] });
  });

  it('drops only the malformed parameters', () => {
    const f = parseViewFilter({ colour: 'rainbow', category: 'daycare', min: '-5', max: '70', bbox: '1,2,3' });
    expect(f).toEqual({ colour: 'combined', category: 'daycare', min: 0, max: 70, minConf: 0 });
  });

  it('ignores empty values as the form sends them', () => {
    expect(parseViewFilter({ category: '', district: undefined }).category).toBeUndefined();
  });
});

describe('parseTileCoords', () => {
  it('accepts the corners of the tile pyramid and an .mvt suffix', () => {
    expect(parseTileCoords({ z: '0', x: '0', y: '0' })).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileCoords({ z: '22', x: String(2 ** 22 - 1), y: `${2 ** 22 - 1}.mvt` })).toEqual({ z: 22, x: 2 ** 22 - 1, y: 2 ** 22 - 1 });
  });

  it('refuses tiles outside the pyramid and anything that is not a whole number', () => {
    for (const p of [{ z: '1', x: '2', y: '0' }, { z: '1', x: '0', y: '2' }, { z: '23', x: '0', y: '0' }, { z: '1e1', x: '0', y: '0' }, { z: '5', x: ' 1', y: '0' }, { z: '5', x: '0x1', y: '0' }]) {
      expect(parseTileCoords(p), JSON.stringify(p)).toBeNull();
    }
  });
});
