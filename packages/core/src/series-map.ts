/**
 * SeriesMap finds the series of a measurement's attributes and enforces the cardinality limit.
 *
 * Lookup order, cheapest first:
 * 1. the attribute object seen last (identity), checked value by value, so an object mutated
 *    between calls is still recorded correctly;
 * 2. an order-insensitive hash of the raw attributes into a chain of series, verified the same way;
 * 3. the slow path: sanitise, sort, hash the canonical set, and create the series if new.
 * Paths 1 and 2 allocate nothing.
 */
import {
  EMPTY_ATTRIBUTES,
  NOT_SIMPLE,
  canonicalEquals,
  hashCanonical,
  sanitizeAttributes,
  sharedKeyList,
  smallHash,
} from './attributes.js';
import { Series } from './series.js';
import type { Clock } from './time.js';
import type { Attributes } from './types.js';

/** OVERFLOW_ATTRIBUTES is the attribute set of the series that takes measurements past the limit. */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** Problems SeriesMap reports to its owner (which reports each one once). */
export interface SeriesMapEvents {
  /** The cardinality limit was reached; later new sets go to the overflow series. */
  overflow(): void;
  /** Some attribute values were not valid attribute values and were dropped. */
  invalidAttributes(keys: string[]): void;
}

export interface SeriesMapOptions {
  /** Maximum number of series including the overflow series (spec default 2000). */
  readonly cardinalityLimit: number;
  /** Keeps only the attribute keys for which this returns true (a view's allow/deny list). */
  readonly keepKey?: (key: string) => boolean;
  /** Generic attribute processor applied on the slow path (after keepKey). */
  readonly process?: (attrs: Attributes) => Attributes;
  readonly clock: Clock;
  readonly events: SeriesMapEvents;
  /** Called once for every new series, to set up aggregator state. */
  readonly init: (series: Series) => void;
}

function countKeys(attrs: Attributes, keep: ((key: string) => boolean) | undefined): number {
  let n = 0;
  if (keep === undefined) {
    for (const _ in attrs) n++;
  } else {
    for (const key in attrs) if (keep(key)) n++;
  }
  return n;
}

/** matches reports whether raw attributes denote the given series (values compared with ===). */
function matches(attrs: Attributes, series: Series, keep: ((key: string) => boolean) | undefined): boolean {
  const keys = series.keys;
  const stored = series.attributes;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (attrs[key] !== stored[key]) return false;
  }
  return countKeys(attrs, keep) === keys.length;
}

function rawHash(attrs: Attributes, keep: ((key: string) => boolean) | undefined): number {
  let total = 0x9747b28c;
  for (const key in attrs) {
    if (keep !== undefined && !keep(key)) continue;
    const v = attrs[key];
    const t = typeof v;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return NOT_SIMPLE;
    total = (total + entryHash(key, v as string | number | boolean)) | 0;
  }
  return smallHash(total);
}

// Same arithmetic as attributes.ts hashCanonical for primitive values; kept local so the hot
// loop has no polymorphic call.
function entryHash(key: string, v: string | number | boolean): number {
  let h = -2128831035;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  if (typeof v === 'string') {
    h ^= 0x01;
    for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 16777619);
  } else if (typeof v === 'number') {
    const i = v | 0;
    if (i === v) h = Math.imul(h ^ i ^ 0x5bd1e995, 16777619);
    else {
      const s = String(v);
      h ^= 0x27d4eb2d;
      for (let j = 0; j < s.length; j++) h = Math.imul(h ^ s.charCodeAt(j), 16777619);
    }
  } else {
    h = Math.imul(h ^ (v ? 0x1f : 0x2f), 16777619);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class SeriesMap {
  private readonly byHash = new Map<number, Series>();
  private lastAttrs: Attributes | undefined = undefined;
  private lastSeries: Series | undefined = undefined;
  private overflowSeries: Series | undefined = undefined;
  /** Number of series stored, the overflow series included. */
  size = 0;

  constructor(private readonly options: SeriesMapOptions) {}

  /** find returns the series for `attrs`, creating it (or using the overflow series) when new. */
  find(attrs: Attributes): Series {
    const keep = this.options.keepKey;
    const last = this.lastSeries;
    if (attrs === this.lastAttrs && last !== undefined && matches(attrs, last, keep)) return last;
    let series: Series | undefined;
    if (this.options.process === undefined) {
      const h = rawHash(attrs, keep);
      if (h !== NOT_SIMPLE) {
        series = this.byHash.get(h);
        while (series !== undefined && !matches(attrs, series, keep)) series = series.next;
      }
    }
    if (series === undefined) series = this.findOrCreateSlow(attrs);
    this.lastAttrs = attrs;
    this.lastSeries = series;
    return series;
  }

  private findOrCreateSlow(attrs: Attributes): Series {
    const { events, keepKey, process } = this.options;
    const sanitized = sanitizeAttributes(attrs);
    if (sanitized.dropped.length > 0) events.invalidAttributes(sanitized.dropped);
    let canonical = sanitized.attributes;
    if (keepKey !== undefined) canonical = keepOnly(canonical, keepKey);
    if (process !== undefined) canonical = sanitizeAttributes(process(canonical)).attributes;
    const h = hashCanonical(canonical);
    let series = this.byHash.get(h);
    while (series !== undefined && !canonicalEquals(canonical, series.keys, series.attributes)) {
      series = series.next;
    }
    if (series !== undefined) return series;
    // Keep one slot for the overflow series, as the limit counts it.
    if (this.size >= this.options.cardinalityLimit - 1) {
      if (this.overflowSeries === undefined) {
        events.overflow();
        this.overflowSeries = this.create(OVERFLOW_ATTRIBUTES, hashCanonical(OVERFLOW_ATTRIBUTES));
      }
      return this.overflowSeries;
    }
    return this.create(canonical, h);
  }

  private create(attrs: Attributes, h: number): Series {
    const keys = attrs === EMPTY_ATTRIBUTES ? [] : Object.keys(attrs);
    const series = new Series(attrs, sharedKeyList(keys), h, this.options.clock());
    this.options.init(series);
    const head = this.byHash.get(h);
    if (head === undefined) this.byHash.set(h, series);
    else {
      let tail = head;
      while (tail.next !== undefined) tail = tail.next;
      tail.next = series;
    }
    this.size++;
    return series;
  }

  /** forEach visits every series, the overflow series last-created order aside. */
  forEach(fn: (series: Series) => void): void {
    for (const head of this.byHash.values()) {
      for (let s: Series | undefined = head; s !== undefined; s = s.next) fn(s);
    }
  }

  /**
   * removeWhere evicts the series for which `drop` returns true (never pinned ones) and
   * returns how many were evicted.
   */
  removeWhere(drop: (series: Series) => boolean): number {
    let removed = 0;
    for (const [h, head] of this.byHash) {
      let first: Series | undefined = head;
      let prev: Series | undefined;
      for (let s: Series | undefined = head; s !== undefined; s = s.next) {
        if (s.pins === 0 && drop(s)) {
          removed++;
          if (s === this.overflowSeries) this.overflowSeries = undefined;
          if (prev === undefined) first = s.next;
          else prev.next = s.next;
        } else {
          prev = s;
        }
      }
      if (first === undefined) this.byHash.delete(h);
      else if (first !== head) this.byHash.set(h, first);
    }
    if (removed > 0) {
      this.size -= removed;
      this.lastAttrs = undefined;
      this.lastSeries = undefined;
    }
    return removed;
  }

  /** remove evicts the series of `attrs`, if any; returns whether one was removed. */
  remove(attrs: Attributes): boolean {
    let canonical = sanitizeAttributes(attrs).attributes;
    if (this.options.keepKey !== undefined) canonical = keepOnly(canonical, this.options.keepKey);
    const h = hashCanonical(canonical);
    return this.removeWhere((s) => s.hash === h && canonicalEquals(canonical, s.keys, s.attributes)) > 0;
  }
}

function keepOnly(attrs: Attributes, keep: (key: string) => boolean): Attributes {
  let all = true;
  for (const key in attrs) {
    if (!keep(key)) {
      all = false;
      break;
    }
  }
  if (all) return attrs;
  const out: Attributes = {};
  for (const key in attrs) if (keep(key)) out[key] = attrs[key];
  return Object.freeze(out);
}
