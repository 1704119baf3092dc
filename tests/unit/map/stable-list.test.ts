import { describe, expect, it } from 'vitest';
import { isResorted, stableOrder } from '@/lib/map/stable-list';

const b = (...ids: string[]) => ids.map((id) => ({ id }));

describe('the map list while panning', () => {
  it('keeps buildings still in view where they were, adds newcomers at the end, drops those that left', () => {
    // Shown: A B C. After a pan the server says (weakest first) X B A D; C has left the view.
    expect(stableOrder(['A', 'B', 'C'], b('X', 'B', 'A', 'D')).map((x) => x.id)).toEqual(['A', 'B', 'X', 'D']);
  });

  it('is the server order when nothing was shown, and knows when it differs from it', () => {
    expect(stableOrder([], b('X', 'Y')).map((x) => x.id)).toEqual(['X', 'Y']);
    expect(isResorted(b('A', 'B', 'X'), b('X', 'A', 'B'))).toBe(true);
    expect(isResorted(b('X', 'A'), b('X', 'A'))).toBe(false);
  });
});
