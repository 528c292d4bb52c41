/**
 * Exemplar reservoirs: per series, a few sampled raw measurements with their trace context.
 * Slots are preallocated and overwritten in place, so offering a measurement allocates nothing
 * (except the filtered-attributes copy, made only for streams that filter attributes).
 */
import type { Exemplar } from './snapshot.js';
import { millisToHrTime } from './time.js';
import type { Attributes } from './types.js';

/** ExemplarReservoir keeps sampled measurements of one series between two collections. */
export interface ExemplarReservoir {
  offer(
    value: number,
    timeMs: number,
    filtered: Attributes,
    traceId: string | undefined,
    spanId: string | undefined,
  ): void;
  /** collect returns the exemplars gathered since the last collection (undefined if none) and starts over. */
  collect(): Exemplar[] | undefined;
}

class Slot {
  used = false;
  value = 0;
  timeMs = 0;
  filtered: Attributes = {};
  traceId: string | undefined = undefined;
  spanId: string | undefined = undefined;

  set(
    value: number,
    timeMs: number,
    filtered: Attributes,
    traceId: string | undefined,
    spanId: string | undefined,
  ): void {
    this.used = true;
    this.value = value;
    this.timeMs = timeMs;
    this.filtered = filtered;
    this.traceId = traceId;
    this.spanId = spanId;
  }

  take(): Exemplar {
    this.used = false;
    const e: { -readonly [K in keyof Exemplar]: Exemplar[K] } = {
      filteredAttributes: this.filtered,
      value: this.value,
      timestamp: millisToHrTime(this.timeMs),
    };
    if (this.traceId !== undefined) e.traceId = this.traceId;
    if (this.spanId !== undefined) e.spanId = this.spanId;
    return e;
  }
}

function drain(slots: Slot[]): Exemplar[] | undefined {
  let out: Exemplar[] | undefined;
  for (const slot of slots) {
    if (!slot.used) continue;
    if (out === undefined) out = [];
    out.push(slot.take());
  }
  return out;
}

/**
 * SimpleFixedSizeReservoir samples uniformly (reservoir sampling, "Algorithm R") among the
 * measurements offered since the last collection.
 */
export class SimpleFixedSizeReservoir implements ExemplarReservoir {
  private readonly slots: Slot[];
  private seen = 0;

  constructor(
    size: number,
    private readonly random: () => number = Math.random,
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => new Slot());
  }

  offer(
    value: number,
    timeMs: number,
    filtered: Attributes,
    traceId: string | undefined,
    spanId: string | undefined,
  ): void {
    const n = this.seen++;
    const index = n < this.slots.length ? n : Math.floor(this.random() * (n + 1));
    if (index < this.slots.length) (this.slots[index] as Slot).set(value, timeMs, filtered, traceId, spanId);
  }

  collect(): Exemplar[] | undefined {
    this.seen = 0;
    return drain(this.slots);
  }
}

/**
 * AlignedHistogramBucketReservoir keeps one exemplar per histogram bucket: the last
 * measurement that fell into it (the spec allows keeping the last one).
 */
export class AlignedHistogramBucketReservoir implements ExemplarReservoir {
  private readonly slots: Slot[];

  constructor(private readonly boundaries: readonly number[]) {
    this.slots = Array.from({ length: boundaries.length + 1 }, () => new Slot());
  }

  offer(
    value: number,
    timeMs: number,
    filtered: Attributes,
    traceId: string | undefined,
    spanId: string | undefined,
  ): void {
    const b = this.boundaries;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value > (b[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    (this.slots[lo] as Slot).set(value, timeMs, filtered, traceId, spanId);
  }

  collect(): Exemplar[] | undefined {
    return drain(this.slots);
  }
}

/** ExemplarReservoirOption selects a reservoir in a view (Yardstick addition to ViewOptions). */
export type ExemplarReservoirOption =
  | { type: 'simple_fixed_size'; size?: number }
  | { type: 'aligned_histogram_bucket'; boundaries?: number[] }
  | { type: 'none' };
