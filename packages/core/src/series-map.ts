/**
 * SeriesMap finds the slot of a measurement's attribute set and enforces the cardinality limit.
 * A series is a slot: its attributes, hash, start time and flags live in columns here, its
 * aggregation state in the aggregator's columns (struct of arrays, a few bytes per field).
 *
 * Lookup order, cheapest first:
 * 1. the attribute object seen last (identity), checked value by value, so an object mutated
 *    between calls is still recorded correctly;
 * 2. an order-insensitive hash of the raw attributes into an open-addressing index, verified
 *    the same way;
 * 3. the slow path: sanitise, sort, hash the canonical set, and create the series if new.
 * Paths 1 and 2 allocate nothing.
 */
import {
  EMPTY_ATTRIBUTES,
  NOT_SIMPLE,
  canonicalEquals,
  hashAttributes,
  hashCanonical,
  lastHashedKeyCount,
  sanitizeAttributes,
  shareCanonical,
} from './attributes.js';
import { grownFloat64, grownInt32, grownUint8, grownUint16, nextCapacity } from './columns.js';
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
  /** Makes room in the owner's columns for slots [0, capacity). */
  readonly grow: (capacity: number) => void;
  /** Called for every new series, to set up its aggregation state. */
  readonly init: (slot: number) => void;
}

type KeyFilter = ((key: string) => boolean) | undefined;

function countKeys(attrs: Attributes, keep: KeyFilter): number {
  let n = 0;
  if (keep === undefined) {
    for (const _ in attrs) n++;
  } else {
    for (const key in attrs) if (keep(key)) n++;
  }
  return n;
}

export class SeriesMap {
  /** Canonical attributes per slot; undefined marks a free slot. */
  readonly attributes: (Attributes | undefined)[] = [];
  /** Start of a cumulative point per slot, epoch milliseconds (time of the first measurement). */
  startMs = new Float64Array(0);
  /** 1 when the slot saw a measurement since the last reset. */
  updated = new Uint8Array(0);
  /** Live bound handles per slot; a pinned series is never evicted, only explicitly removed. */
  pins = new Uint16Array(0);
  /** Collections in a row without a measurement, per slot (idle eviction). */
  idle = new Uint16Array(0);
  private hashes = new Int32Array(0);
  /** Open-addressing index: slot + 1, 0 = empty; at most half full. */
  private index = new Int32Array(32);
  private capacity = 0;
  /** Slots [0, highWater) have been handed out at some point. */
  private highWater = 0;
  private readonly free: number[] = [];
  /** Removed slots still pinned by bound handles: reused only once no handle points at them. */
  private readonly retired: number[] = [];
  private lastAttrs: Attributes | undefined = undefined;
  private lastSlot = -1;
  private overflowSlot = -1;
  /** Number of live series, the overflow series included. */
  size = 0;

  constructor(private readonly options: SeriesMapOptions) {}

  /** find returns the slot for `attrs`, creating the series (or using the overflow series) when new. */
  find(attrs: Attributes): number {
    const keep = this.options.keepKey;
    if (attrs === this.lastAttrs && this.matches(attrs, this.lastSlot, countKeys(attrs, keep))) return this.lastSlot;
    let slot = -1;
    if (this.options.process === undefined) {
      const h = hashAttributes(attrs, keep);
      if (h !== NOT_SIMPLE) slot = this.lookupRaw(attrs, h, lastHashedKeyCount());
    }
    if (slot < 0) slot = this.findOrCreateSlow(attrs);
    this.lastAttrs = attrs;
    this.lastSlot = slot;
    return slot;
  }

  /**
   * matches reports whether raw attributes with `keyCount` (kept) keys denote the series in
   * `slot`; values are compared with ===.
   */
  private matches(attrs: Attributes, slot: number, keyCount: number): boolean {
    const stored = this.attributes[slot] as Attributes;
    let n = 0;
    for (const key in stored) {
      if (attrs[key] !== stored[key]) return false;
      n++;
    }
    return n === keyCount;
  }

  private lookupRaw(attrs: Attributes, h: number, keyCount: number): number {
    const index = this.index;
    const mask = index.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const entry = index[i] as number;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (this.hashes[slot] === h && this.matches(attrs, slot, keyCount)) return slot;
    }
  }

  private lookupCanonical(canonical: Attributes, h: number): number {
    const index = this.index;
    const mask = index.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const entry = index[i] as number;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (this.hashes[slot] === h && canonicalEquals(canonical, this.attributes[slot] as Attributes)) return slot;
    }
  }

  /**
   * canonicalize turns raw attributes into the series' attribute set: valid values only, then the
   * key filter, then the generic processor. Creating and removing a series must agree on it.
   */
  private canonicalize(attrs: Attributes, reportInvalid: boolean): Attributes {
    const { keepKey, process } = this.options;
    const sanitized = sanitizeAttributes(attrs);
    if (reportInvalid && sanitized.dropped.length > 0) this.options.events.invalidAttributes(sanitized.dropped);
    let canonical = sanitized.attributes;
    if (keepKey !== undefined) canonical = keepOnly(canonical, keepKey);
    if (process !== undefined) canonical = sanitizeAttributes(process(canonical)).attributes;
    return canonical;
  }

  private findOrCreateSlow(attrs: Attributes): number {
    const { events } = this.options;
    const canonical = this.canonicalize(attrs, true);
    const h = hashCanonical(canonical);
    const found = this.lookupCanonical(canonical, h);
    if (found >= 0) return found;
    // Keep one slot for the overflow series, as the limit counts it.
    if (this.size >= this.options.cardinalityLimit - 1) {
      if (this.overflowSlot < 0) {
        events.overflow();
        this.overflowSlot = this.create(OVERFLOW_ATTRIBUTES, hashCanonical(OVERFLOW_ATTRIBUTES));
      }
      return this.overflowSlot;
    }
    return this.create(shareCanonical(canonical), h);
  }

  private create(attrs: Attributes, h: number): number {
    let slot = this.free.pop();
    if (slot === undefined && this.retired.length > 0) slot = this.reclaimRetired();
    if (slot === undefined) {
      slot = this.highWater++;
      if (slot >= this.capacity) this.growColumns(slot + 1);
    }
    this.attributes[slot] = attrs;
    this.hashes[slot] = h;
    this.startMs[slot] = this.options.clock();
    this.updated[slot] = 0;
    this.pins[slot] = 0;
    this.idle[slot] = 0;
    this.size++;
    if (this.size * 2 > this.index.length) this.rebuildIndex(this.index.length * 2);
    else this.insertIndex(slot, h);
    this.options.init(slot);
    return slot;
  }

  private growColumns(needed: number): void {
    const cap = nextCapacity(this.capacity, needed);
    this.hashes = grownInt32(this.hashes, cap);
    this.startMs = grownFloat64(this.startMs, cap);
    this.updated = grownUint8(this.updated, cap);
    this.pins = grownUint16(this.pins, cap);
    this.idle = grownUint16(this.idle, cap);
    this.capacity = cap;
    this.options.grow(cap);
  }

  private insertIndex(slot: number, h: number): void {
    const index = this.index;
    const mask = index.length - 1;
    let i = h & mask;
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = slot + 1;
  }

  private rebuildIndex(length: number): void {
    this.index = new Int32Array(length);
    for (let slot = 0; slot < this.highWater; slot++) {
      if (this.attributes[slot] !== undefined) this.insertIndex(slot, this.hashes[slot] as number);
    }
  }

  /** slotLimit bounds the slots in use: every live series has a slot below it. */
  get slotLimit(): number {
    return this.highWater;
  }

  /** forEach visits the slot of every live series. */
  forEach(fn: (slot: number) => void): void {
    const attributes = this.attributes;
    for (let slot = 0; slot < this.highWater; slot++) if (attributes[slot] !== undefined) fn(slot);
  }

  /**
   * removeWhere evicts the series for which `drop` returns true (never pinned ones), calls
   * `onRemove` for each, and returns how many were evicted.
   */
  removeWhere(drop: (slot: number) => boolean, onRemove?: (slot: number) => void): number {
    let removed = 0;
    for (let slot = 0; slot < this.highWater; slot++) {
      if (this.attributes[slot] === undefined || this.pins[slot] !== 0 || !drop(slot)) continue;
      this.evict(slot, onRemove);
      removed++;
    }
    if (removed > 0) this.evicted(removed);
    return removed;
  }

  /**
   * evict drops the series in `slot`. Its slot is free for reuse at once, or, while bound handles
   * still pin it, retired until they let go.
   */
  private evict(slot: number, onRemove: ((slot: number) => void) | undefined): void {
    this.attributes[slot] = undefined;
    if (this.pins[slot] === 0) this.free.push(slot);
    else this.retired.push(slot);
    if (slot === this.overflowSlot) this.overflowSlot = -1;
    onRemove?.(slot);
  }

  /** evicted updates the size and lookup state after `removed` evictions. */
  private evicted(removed: number): void {
    this.size -= removed;
    this.lastAttrs = undefined;
    this.lastSlot = -1;
    this.rebuildIndex(this.index.length);
  }

  /**
   * remove evicts the series of `attrs` (canonicalised as when it was created) and returns
   * whether there was one. A series held by bound handles is removed too: it stops being
   * exported at once, and its slot is kept out of reuse until the handles let go, so a handle
   * can tell (its slot's attributes are undefined) and bind afresh on its next measurement.
   */
  remove(attrs: Attributes, onRemove?: (slot: number) => void): boolean {
    const canonical = this.canonicalize(attrs, false);
    const slot = this.lookupCanonical(canonical, hashCanonical(canonical));
    if (slot < 0) return false;
    this.evict(slot, onRemove);
    this.evicted(1);
    return true;
  }

  /** reclaimRetired frees the retired slots no handle pins any more and returns one, if any. */
  private reclaimRetired(): number | undefined {
    const retired = this.retired;
    let kept = 0;
    for (let i = 0; i < retired.length; i++) {
      const slot = retired[i] as number;
      if (this.pins[slot] === 0) this.free.push(slot);
      else retired[kept++] = slot;
    }
    retired.length = kept;
    return this.free.pop();
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

export { EMPTY_ATTRIBUTES };
