import { describe, expect, it } from 'vitest';
import { NOT_SIMPLE, hashAttributes, hashCanonical, sanitizeAttributes } from '../src/attributes.js';

describe('hashAttributes', () => {
  it('ignores key order and matches the canonical hash of simple sets', () => {
    const a = { route: '/a', method: 'GET', code: 200, ok: true };
    const b = { ok: true, code: 200, method: 'GET', route: '/a' };
    expect(hashAttributes(a)).toBe(hashAttributes(b));
    expect(hashAttributes(a)).toBe(hashCanonical(sanitizeAttributes(a).attributes));
  });

  it('tells values and types apart', () => {
    const seen = new Set([
      hashAttributes({ k: '1' }),
      hashAttributes({ k: 1 }),
      hashAttributes({ k: true }),
      hashAttributes({ k: 1.5 }),
      hashAttributes({ k: 'true' }),
      hashAttributes({ j: '1' }),
      hashAttributes({}),
    ]);
    expect(seen.size).toBe(7);
  });

  it('sends arrays and undefined values to the slow path', () => {
    expect(hashAttributes({ k: ['a'] })).toBe(NOT_SIMPLE);
    expect(hashAttributes({ k: undefined })).toBe(NOT_SIMPLE);
    expect(hashCanonical({ k: ['a'] })).not.toBe(NOT_SIMPLE);
  });

  it('spreads 100k realistic sets over nearly as many hashes', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 100_000; i++)
      hashes.add(hashAttributes({ user: `u${i}`, route: `/r${i % 7}`, code: 200 + (i % 5) }));
    expect(hashes.size).toBeGreaterThan(99_990);
  });
});

describe('sanitizeAttributes', () => {
  it('sorts keys, freezes, copies arrays and drops invalid values', () => {
    const list = ['x', null, 'y'];
    const { attributes, dropped } = sanitizeAttributes({
      z: 1,
      a: 'v',
      list: list as never,
      mixed: ['a', 1] as never,
      obj: {} as never,
      gone: undefined,
    });
    expect(Object.keys(attributes)).toEqual(['a', 'list', 'z']);
    expect(Object.isFrozen(attributes)).toBe(true);
    expect(attributes.list).toEqual(['x', null, 'y']);
    expect(attributes.list).not.toBe(list);
    expect(dropped).toEqual(['mixed', 'obj']);
  });
});
