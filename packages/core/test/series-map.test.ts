import { describe, expect, it } from 'vitest';
import { OVERFLOW_ATTRIBUTES, SeriesMap } from '../src/series-map.js';
import type { Attributes } from '../src/types.js';

function makeMap(limit = 2000, keepKey?: (k: string) => boolean, process?: (a: Attributes) => Attributes) {
  const events = { overflow: 0, invalid: [] as string[][] };
  const map = new SeriesMap({
    cardinalityLimit: limit,
    keepKey,
    process,
    clock: () => 0,
    events: { overflow: () => events.overflow++, invalidAttributes: (keys) => events.invalid.push(keys) },
    grow: () => {},
    init: () => {},
  });
  return { map, events };
}

describe('SeriesMap', () => {
  it('finds the same series for equal sets in any order and from fresh objects', () => {
    const { map } = makeMap();
    const s = map.find({ a: '1', b: 2 });
    expect(map.find({ b: 2, a: '1' })).toBe(s);
    expect(map.find({ a: '1', b: 2 })).toBe(s);
    expect(map.find({ a: '1', b: '2' })).not.toBe(s);
    expect(map.size).toBe(2);
  });

  it('keeps canonical, frozen attributes on the series', () => {
    const { map } = makeMap();
    const s = map.find({ z: 1, a: 2 });
    expect(Object.keys(map.attributes[s] ?? {})).toEqual(['a', 'z']);
    expect(Object.isFrozen(map.attributes[s])).toBe(true);
  });

  it('handles array values and invalid values through the slow path consistently', () => {
    const { map, events } = makeMap();
    const s = map.find({ tags: ['a', 'b'], bad: {} as never });
    expect(map.find({ tags: ['a', 'b'] })).toBe(s);
    expect(map.find({ tags: ['a', 'b'], bad: {} as never })).toBe(s);
    expect(events.invalid[0]).toEqual(['bad']);
    expect(map.size).toBe(1);
  });

  it('applies a key filter on the fast path without creating extra series', () => {
    const { map } = makeMap(2000, (k) => k !== 'user');
    const s = map.find({ route: '/a', user: 'u1' });
    expect(map.find({ route: '/a', user: 'u2' })).toBe(s);
    expect(map.attributes[s]).toEqual({ route: '/a' });
    expect(map.size).toBe(1);
  });

  it('sends new sets to one overflow series once the limit is reached', () => {
    const { map, events } = makeMap(3);
    const a = map.find({ k: 'a' });
    const b = map.find({ k: 'b' });
    const c = map.find({ k: 'c' });
    const d = map.find({ k: 'd' });
    expect(c).toBe(d);
    expect(map.attributes[c]).toEqual(OVERFLOW_ATTRIBUTES);
    expect(map.find({ k: 'a' })).toBe(a);
    expect(map.find({ k: 'b' })).toBe(b);
    expect(map.size).toBe(3);
    expect(events.overflow).toBe(1);
  });

  it('evicts unpinned series and frees their slots', () => {
    const { map } = makeMap(3);
    const a = map.find({ k: 'a' });
    map.pins[a] = 1;
    map.find({ k: 'b' });
    expect(map.removeWhere(() => true)).toBe(1);
    expect(map.size).toBe(1);
    const seen: number[] = [];
    map.forEach((s) => {
      seen.push(s);
    });
    expect(seen).toEqual([a]);
    expect(map.attributes[map.find({ k: 'c' })]).toEqual({ k: 'c' });
    expect(map.find({ k: 'a' })).toBe(a);
  });

  it('survives hash collisions by chaining (forced through many series)', () => {
    const { map } = makeMap(1_000_000);
    const all = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) all.set(`v${i}`, map.find({ k: `v${i}` }));
    for (const [v, s] of all) expect(map.find({ k: v })).toBe(s);
    expect(map.size).toBe(50_000);
  });

  it('remove canonicalises like find: a custom processor maps raw attributes to the same series', () => {
    // A processor that is not a plain key filter: keeps route and derives a user class.
    const process = (a: Attributes): Attributes => ({ route: a.route, tier: a.user === 'admin' ? 'staff' : 'user' });
    const { map } = makeMap(2000, undefined, process);
    const s = map.find({ route: '/a', user: 'u1' });
    expect(map.attributes[s]).toEqual({ route: '/a', tier: 'user' });
    expect(map.remove({ route: '/a', user: 'u2' })).toBe(true);
    expect(map.size).toBe(0);
    expect(map.remove({ route: '/a', user: 'u1' })).toBe(false);
  });

  it('remove drops a pinned series from export and keeps its slot out of reuse until unpinned', () => {
    const { map } = makeMap();
    const a = map.find({ k: 'a' });
    map.pins[a] = 1;
    expect(map.remove({ k: 'a' })).toBe(true);
    expect(map.attributes[a]).toBeUndefined();
    expect(map.size).toBe(0);
    const visited: number[] = [];
    map.forEach((s) => {
      visited.push(s);
    });
    expect(visited).toEqual([]);
    // While pinned, a new series (even the same set) gets another slot.
    const again = map.find({ k: 'a' });
    expect(again).not.toBe(a);
    expect(map.attributes[again]).toEqual({ k: 'a' });
    // Once the handle lets go, the slot is reused.
    map.pins[a] = 0;
    expect(map.find({ k: 'b' })).toBe(a);
    expect(map.size).toBe(2);
  });
});
