/**
 * Attribute handling: validation of values, an order-insensitive hash computed without
 * allocating, and the canonical (sorted, frozen) attribute object a series keeps.
 */
import type { AttributeValue, Attributes } from './types.js';

/** EMPTY_ATTRIBUTES is the shared attribute set of measurements made without attributes. */
export const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});

/** NOT_SIMPLE is returned by `hashAttributes` for sets that need the slow, sanitising path. */
export const NOT_SIMPLE = 0;

/**
 * smallHash folds a 32-bit hash into 30 bits: V8 keeps such integers unboxed (Smi), so using
 * them as Map keys allocates nothing; 0 is reserved for NOT_SIMPLE.
 */
export function smallHash(h: number): number {
  const small = (h ^ (h >>> 30)) & 0x3fffffff;
  return small === NOT_SIMPLE ? 1 : small;
}

// FNV-1a style over pairs of UTF-16 code units (half the multiply chain of one unit per step);
// the final mix spreads the bits before the per-entry sum.
function hashString(s: string, h: number): number {
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 16777619);
  if (i < n) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ n, 16777619);
}

function hashNumber(v: number, h: number): number {
  const i = v | 0;
  if (i === v) return Math.imul(h ^ i ^ 0x5bd1e995, 16777619);
  // Fractions, huge values: hash the decimal form (rare on hot paths).
  return hashString(String(v), h ^ 0x27d4eb2d);
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashValue(v: unknown, h: number): number {
  switch (typeof v) {
    case 'string':
      return hashString(v, h ^ 0x01);
    case 'number':
      return hashNumber(v, h);
    case 'boolean':
      return Math.imul(h ^ (v ? 0x1f : 0x2f), 16777619);
    default:
      if (Array.isArray(v)) {
        h = Math.imul(h ^ 0x3f, 16777619);
        for (let i = 0; i < v.length; i++) {
          const e = v[i];
          h = e === null || e === undefined ? Math.imul(h ^ 0x4f, 16777619) : hashValue(e, h);
        }
        return h;
      }
      return h;
  }
}

function entryHash(key: string, v: unknown): number {
  return mix(hashValue(v, hashString(key, -2128831035)));
}

let hashedKeyCount = 0;

/**
 * hashAttributes returns an order-insensitive hash of a set whose values are all strings,
 * numbers or booleans (equal to hashCanonical of its canonical form), or NOT_SIMPLE when some
 * value needs sanitising (arrays, undefined, objects). Keys for which `keep` returns false are
 * skipped. It allocates nothing; `lastHashedKeyCount()` tells how many keys it hashed.
 */
export function hashAttributes(attrs: Attributes, keep?: (key: string) => boolean): number {
  let total = 0x9747b28c;
  let count = 0;
  for (const key in attrs) {
    if (keep !== undefined && !keep(key)) continue;
    const v = attrs[key];
    const t = typeof v;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return NOT_SIMPLE;
    total = (total + entryHash(key, v)) | 0;
    count++;
  }
  hashedKeyCount = count;
  return smallHash(total);
}

/** lastHashedKeyCount is the number of keys the last successful hashAttributes call hashed. */
export function lastHashedKeyCount(): number {
  return hashedKeyCount;
}

/** hashCanonical hashes an already sanitised set (array values allowed). */
export function hashCanonical(attrs: Attributes): number {
  let total = 0x9747b28c;
  for (const key in attrs) total = (total + entryHash(key, attrs[key])) | 0;
  return smallHash(total);
}

/** isAttributeValue reports whether the OpenTelemetry API allows `v` as an attribute value. */
export function isAttributeValue(v: unknown): v is AttributeValue {
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return true;
  if (!Array.isArray(v)) return false;
  // Homogeneous arrays of primitives; null/undefined elements are allowed.
  let kind: string | undefined;
  for (const e of v) {
    if (e === null || e === undefined) continue;
    const et = typeof e;
    if (et !== 'string' && et !== 'number' && et !== 'boolean') return false;
    if (kind === undefined) kind = et;
    else if (kind !== et) return false;
  }
  return true;
}

/** Result of sanitising a measurement's attributes. */
export interface SanitizedAttributes {
  /** A new frozen object with sorted keys and only valid values (arrays copied). */
  readonly attributes: Attributes;
  /** Keys whose values were not valid attribute values and were dropped. */
  readonly dropped: string[];
}

/** sanitizeAttributes drops invalid values and returns a frozen copy with keys in sorted order. */
export function sanitizeAttributes(attrs: Attributes | undefined | null): SanitizedAttributes {
  const dropped: string[] = [];
  if (attrs === undefined || attrs === null || typeof attrs !== 'object') {
    return { attributes: EMPTY_ATTRIBUTES, dropped };
  }
  const keys: string[] = [];
  for (const key in attrs) {
    if (!Object.hasOwn(attrs, key)) continue;
    const v = attrs[key];
    if (v === undefined || v === null) continue; // absent, not an error
    if (!isAttributeValue(v)) {
      dropped.push(key);
      continue;
    }
    keys.push(key);
  }
  if (keys.length === 0) return { attributes: EMPTY_ATTRIBUTES, dropped };
  keys.sort();
  const out: Attributes = {};
  for (const key of keys) {
    const v = attrs[key] as AttributeValue;
    out[key] = Array.isArray(v) ? (Object.freeze(v.slice()) as AttributeValue) : v;
  }
  return { attributes: Object.freeze(out), dropped };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && a[i] !== b[i]) return false;
    return true;
  }
  // NaN as an attribute value equals itself.
  return typeof a === 'number' && typeof b === 'number' && a !== a && b !== b;
}

/** canonicalEquals compares two sanitised sets (same keys, equal values). */
export function canonicalEquals(a: Attributes, b: Attributes): boolean {
  let n = 0;
  for (const key in a) {
    n++;
    if (!sameValue(a[key], b[key])) return false;
  }
  for (const _ in b) n--;
  return n === 0;
}

// The last canonical set a series was created with, in any stream. Code that records the same
// attributes into several instruments (a counter and a histogram per request) then keeps one
// frozen object for all of their series instead of one each.
let lastCanonical: Attributes = EMPTY_ATTRIBUTES;

/** shareCanonical returns an equal canonical set created earlier, or remembers this one. */
export function shareCanonical(canonical: Attributes): Attributes {
  if (canonical !== lastCanonical && canonicalEquals(canonical, lastCanonical)) return lastCanonical;
  lastCanonical = canonical;
  return canonical;
}
