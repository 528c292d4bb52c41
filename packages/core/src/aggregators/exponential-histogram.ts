import type { ExponentialHistogram } from '../snapshot.js';
import { type AggregationOption, AggregationType, DataPointType, allowsNegativeValues } from '../types.js';
import type { Aggregator } from './aggregator.js';
import { MAX_SCALE, MIN_SCALE, mapToIndex } from './exponential-mapping.js';
import type { AggregatorContext } from './index.js';

/** Default number of buckets per range (positive, negative), as the specification sets it. */
export const DEFAULT_EXPONENTIAL_MAX_SIZE = 160;
/** Fewer than two buckets cannot hold every finite double even at the lowest scale. */
const MIN_MAX_SIZE = 2;
const MAX_MAX_SIZE = 1 << 16;
const INITIAL_CAPACITY = 8;

/**
 * BucketRange holds the counts of one sign. Counts live in a power-of-two ring indexed by
 * `(index - base) & mask`, so extending the window downwards needs no shifting; the window
 * [start, end] never spans more than the ring, so positions never collide.
 */
class BucketRange {
  counts = new Float64Array(INITIAL_CAPACITY);
  mask = INITIAL_CAPACITY - 1;
  /** Bucket index stored at ring position 0; always inside [start, end] while used. */
  base = 0;
  start = 0;
  end = 0;
  used = false;

  /** Widens the window to take `index`, growing the ring when it is full (amortised). */
  extend(index: number): void {
    const start = Math.min(index, this.start);
    const end = Math.max(index, this.end);
    const span = end - start + 1;
    if (span > this.counts.length) {
      let capacity = this.counts.length * 2;
      while (capacity < span) capacity *= 2;
      const next = new Float64Array(capacity);
      const mask = capacity - 1;
      for (let i = this.start; i <= this.end; i++) {
        next[(i - this.base) & mask] = this.counts[(i - this.base) & this.mask] as number;
      }
      this.counts = next;
      this.mask = mask;
    }
    this.start = start;
    this.end = end;
  }

  /** Merges each 2^change neighbours into one bucket (index >> change), using `scratch`. */
  downscale(change: number, scratch: Float64Array): void {
    if (!this.used) return;
    const span = this.end - this.start + 1;
    for (let t = 0; t < span; t++) {
      const pos = (this.start + t - this.base) & this.mask;
      scratch[t] = this.counts[pos] as number;
      this.counts[pos] = 0;
    }
    const oldStart = this.start;
    this.start = oldStart >> change;
    this.end = this.end >> change;
    this.base = this.start;
    for (let t = 0; t < span; t++) {
      (this.counts as Float64Array)[((oldStart + t) >> change) - this.start] += scratch[t] as number;
    }
  }

  clear(): void {
    if (this.used) {
      for (let i = this.start; i <= this.end; i++) this.counts[(i - this.base) & this.mask] = 0;
    }
    this.used = false;
    this.base = 0;
    this.start = 0;
    this.end = 0;
  }

  toSnapshot(): { offset: number; bucketCounts: number[] } {
    if (!this.used) return { offset: 0, bucketCounts: [] };
    const out = new Array<number>(this.end - this.start + 1);
    for (let i = this.start; i <= this.end; i++)
      out[i - this.start] = this.counts[(i - this.base) & this.mask] as number;
    return { offset: this.start, bucketCounts: out };
  }
}

/** Per-series state: one object per series (exponential buckets grow and shift per series). */
class ExponentialState {
  scale = MAX_SCALE;
  zeroCount = 0;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly positive = new BucketRange();
  readonly negative = new BucketRange();
}

/**
 * scaleChange returns how many halvings make the index window [low, high] span at most
 * `maxSize` buckets (each halving merges neighbour pairs: "perfect subsetting").
 */
export function scaleChange(low: number, high: number, maxSize: number): number {
  let change = 0;
  while (high - low >= maxSize) {
    high >>= 1;
    low >>= 1;
    change++;
  }
  return change;
}

/**
 * ExponentialHistogramAggregator is the base2 exponential bucket histogram of the OpenTelemetry
 * SDK specification. Each series starts at scale 20 and halves its resolution whenever a value
 * would make the positive or the negative range span more than `maxSize` buckets. Values with
 * |v| ≤ zeroThreshold go to the zero bucket; NaN and ±Infinity are dropped entirely; subnormals
 * count in the bucket of the smallest normal double.
 */
export class ExponentialHistogramAggregator implements Aggregator<ExponentialHistogram> {
  readonly pointType = DataPointType.EXPONENTIAL_HISTOGRAM;
  // Shared by every series of this stream for downscaling (synchronous, never re-entered).
  private scratch = new Float64Array(INITIAL_CAPACITY);

  constructor(
    readonly maxSize: number = DEFAULT_EXPONENTIAL_MAX_SIZE,
    private readonly recordMinMax = true,
    /** False for instruments that may record negatives: their sum is not exported. */
    private readonly recordSum = true,
    readonly zeroThreshold = 0,
  ) {}

  private states: (ExponentialState | undefined)[] = [];

  grow(_capacity: number): void {}

  init(slot: number): void {
    this.states[slot] = new ExponentialState();
  }

  record(slot: number, value: number): void {
    // NaN and ±Infinity fit no bucket and would poison sum/min/max.
    if (value - value !== 0) return;
    const state = this.states[slot] as ExponentialState;
    state.count++;
    state.sum += value;
    if (value < state.min) state.min = value;
    if (value > state.max) state.max = value;
    const abs = value < 0 ? -value : value;
    if (abs <= this.zeroThreshold) {
      state.zeroCount++;
      return;
    }
    const range = value > 0 ? state.positive : state.negative;
    const index = mapToIndex(abs, state.scale);
    if (range.used && index >= range.start && index <= range.end) {
      (range.counts as Float64Array)[(index - range.base) & range.mask]++;
      return;
    }
    // Kept out of line so record() stays small enough to inline: a call that is not inlined
    // boxes its double arguments, i.e. allocates on every measurement.
    this.addOutside(state, range, abs, index);
  }

  observe(slot: number, value: number): void {
    this.record(slot, value);
  }

  /** Counts a value whose index lies outside the range's window: extend, or downscale first. */
  private addOutside(state: ExponentialState, range: BucketRange, abs: number, index: number): void {
    if (!range.used) {
      range.used = true;
      range.base = range.start = range.end = index;
    } else {
      // Loop because the index recomputed at the new scale may differ by one from the shifted
      // window (logarithm rounding near a boundary).
      for (;;) {
        const low = Math.min(index, range.start);
        const high = Math.max(index, range.end);
        if (high - low < this.maxSize || state.scale <= MIN_SCALE) break;
        let change = scaleChange(low, high, this.maxSize);
        if (state.scale - change < MIN_SCALE) change = state.scale - MIN_SCALE;
        this.downscale(state, change);
        index = mapToIndex(abs, state.scale);
      }
      range.extend(index);
    }
    (range.counts as Float64Array)[(index - range.base) & range.mask]++;
  }

  /** Lowers the scale of both ranges together: a histogram has a single scale. */
  private downscale(state: ExponentialState, change: number): void {
    const need = Math.max(
      state.positive.used ? state.positive.end - state.positive.start + 1 : 0,
      state.negative.used ? state.negative.end - state.negative.start + 1 : 0,
    );
    if (this.scratch.length < need) this.scratch = new Float64Array(need);
    state.positive.downscale(change, this.scratch);
    state.negative.downscale(change, this.scratch);
    state.scale -= change;
  }

  pointValue(slot: number): ExponentialHistogram {
    const state = this.states[slot] as ExponentialState;
    const hasMinMax = this.recordMinMax && state.count > 0;
    const bucketed = state.positive.used || state.negative.used;
    return {
      count: state.count,
      sum: this.recordSum ? state.sum : undefined,
      // With no bucketed value the scale carries no information; 0 as OpenTelemetry JS reports it.
      scale: bucketed ? state.scale : 0,
      zeroCount: state.zeroCount,
      positive: state.positive.toSnapshot(),
      negative: state.negative.toSnapshot(),
      min: hasMinMax ? state.min : undefined,
      max: hasMinMax ? state.max : undefined,
      zeroThreshold: this.zeroThreshold,
    };
  }

  reset(slot: number): void {
    const state = this.states[slot] as ExponentialState;
    state.positive.clear();
    state.negative.clear();
    state.zeroCount = 0;
    // A delta interval starts over at full resolution.
    state.scale = MAX_SCALE;
    state.count = 0;
    state.sum = 0;
    state.min = Number.POSITIVE_INFINITY;
    state.max = Number.NEGATIVE_INFINITY;
  }
}

/**
 * createExponentialHistogramAggregator builds the aggregator for an `EXPONENTIAL_HISTOGRAM`
 * option. `maxSize` below 2 or not a number is replaced (reported); a non-standard
 * `zeroThreshold` option (finite, ≥ 0) widens the zero bucket.
 */
export function createExponentialHistogramAggregator(
  option: AggregationOption | undefined,
  ctx: AggregatorContext,
): ExponentialHistogramAggregator {
  const opts = option?.type === AggregationType.EXPONENTIAL_HISTOGRAM ? option.options : undefined;
  let maxSize = DEFAULT_EXPONENTIAL_MAX_SIZE;
  if (opts?.maxSize !== undefined) {
    const given = opts.maxSize;
    if (typeof given !== 'number' || Number.isNaN(given)) {
      ctx.report(`exponential histogram maxSize must be a number; using ${DEFAULT_EXPONENTIAL_MAX_SIZE}`);
    } else if (given < MIN_MAX_SIZE) {
      ctx.report(`exponential histogram maxSize ${given} is below the minimum; using ${MIN_MAX_SIZE}`);
      maxSize = MIN_MAX_SIZE;
    } else if (given > MAX_MAX_SIZE) {
      // Bounded so a typo cannot make every series allocate megabytes.
      ctx.report(`exponential histogram maxSize ${given} is above ${MAX_MAX_SIZE}; using ${MAX_MAX_SIZE}`);
      maxSize = MAX_MAX_SIZE;
    } else {
      maxSize = Math.floor(given);
    }
  }
  let zeroThreshold = 0;
  const zt = (opts as { zeroThreshold?: unknown } | undefined)?.zeroThreshold;
  if (zt !== undefined) {
    if (typeof zt === 'number' && zt >= 0 && Number.isFinite(zt)) zeroThreshold = zt;
    else ctx.report('exponential histogram zeroThreshold must be a finite number ≥ 0; using 0');
  }
  return new ExponentialHistogramAggregator(
    maxSize,
    opts?.recordMinMax ?? true,
    !allowsNegativeValues(ctx.instrumentType),
    zeroThreshold,
  );
}
