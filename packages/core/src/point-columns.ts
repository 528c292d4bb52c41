/**
 * PointColumns: the data points of one collected metric as columns (one array per field) instead
 * of one object per series. A collection of 100k series would otherwise allocate hundreds of
 * thousands of short-lived objects that outlive the young generation and cost more garbage
 * collection than the export itself.
 *
 * A columnar MetricData still has `dataPoints`: an accessor that builds the usual DataPoint
 * objects on first read (and keeps them), so OpenTelemetry JS exporters, tests and users see the
 * familiar shape. Yardstick's exporters ask `pointColumns(metric)` first and read the columns.
 * The columns are a copy taken at collection: later measurements never change them. Once
 * `dataPoints` has been read the columns are dropped, so edits to the points are what exporters see.
 */
import type { DataPoint, Histogram, MetricData } from './snapshot.js';
import { millisToHrTime } from './time.js';
import type { Attributes, HrTime } from './types.js';

/** Where a columnar MetricData keeps its columns (non-enumerable, so equality checks ignore it). */
const COLUMNS: unique symbol = Symbol.for('@yardstick/core.pointColumns');

/**
 * Per-point layout of a histogram in `values` (stride = HISTOGRAM_FIRST_BUCKET + buckets):
 * count, sum, min, max, then the bucket counts.
 */
export const HISTOGRAM_COUNT = 0;
export const HISTOGRAM_SUM = 1;
export const HISTOGRAM_MIN = 2;
export const HISTOGRAM_MAX = 3;
export const HISTOGRAM_FIRST_BUCKET = 4;

/** How an explicit-bucket histogram's points are laid out in `values`. */
export interface HistogramLayout {
  /** Bucket boundaries shared by every point (do not modify). */
  readonly boundaries: number[];
  /** Doubles per point: 4 + boundaries.length + 1. */
  readonly stride: number;
  /** False when the sum is not exported (instruments that may record negative values). */
  readonly hasSum: boolean;
  /** False when min/max are not recorded. */
  readonly hasMinMax: boolean;
}

export interface PointColumns {
  /** Number of points. */
  readonly length: number;
  /** Attributes of point i (the series' frozen canonical object, stable across collections). */
  readonly attributes: readonly Attributes[];
  /**
   * Series slot of point i within `owner`, and the stream's identity: together they let an
   * exporter keep per-series caches in plain arrays (`cache[slot]`, checked against
   * `attributes[i]` by identity) instead of hashing every attribute object. Slots are below
   * `slotLimit`; a slot is reused by another series only after its series was dropped.
   */
  readonly slots: Int32Array;
  readonly owner: object;
  readonly slotLimit: number;
  /** Start of point i, epoch milliseconds. */
  readonly startMs: Float64Array;
  /** End of every point (the collection time). */
  readonly endTime: HrTime;
  /** Number points: the value of point i. Histograms: `layout.stride` doubles per point. */
  readonly values: Float64Array;
  /** Set for explicit-bucket histograms. */
  readonly histogram?: HistogramLayout;
}

/** pointColumns returns the columns of a metric collected by Yardstick, or undefined for any other. */
export function pointColumns(metric: MetricData): PointColumns | undefined {
  return (metric as { [COLUMNS]?: PointColumns })[COLUMNS];
}

/** pointCount returns how many points a metric has, without building them. */
export function pointCount(metric: MetricData): number {
  return pointColumns(metric)?.length ?? metric.dataPoints.length;
}

/** collectionTime returns the end time of a metric's points (the collection time), if it has any. */
export function collectionTime(metric: MetricData): HrTime | undefined {
  const columns = pointColumns(metric);
  if (columns !== undefined) return columns.length > 0 ? columns.endTime : undefined;
  return metric.dataPoints[0]?.endTime;
}

/**
 * PointColumnsBuilder appends points during a (possibly sliced) collection. Capacity grows by
 * doubling, so a stream that gains series between two slices still fits.
 */
export class PointColumnsBuilder {
  private count = 0;
  private readonly attributes: Attributes[] = [];
  private startMs: Float64Array;
  private slots: Int32Array;
  private values: Float64Array;
  private readonly width: number;
  private slotLimit = 0;

  constructor(
    capacity: number,
    private readonly endTime: HrTime,
    private readonly owner: object,
    private readonly histogram?: HistogramLayout,
  ) {
    this.width = histogram?.stride ?? 1;
    const cap = Math.max(1, capacity);
    this.startMs = new Float64Array(cap);
    this.slots = new Int32Array(cap);
    this.values = new Float64Array(cap * this.width);
  }

  get length(): number {
    return this.count;
  }

  /**
   * add appends a point and returns the offset of its value in `valuesColumn` (the caller writes
   * `width` doubles there; number points write one).
   */
  add(attributes: Attributes, startMs: number, slot: number): number {
    const i = this.count++;
    if (i === this.startMs.length) this.grow();
    this.attributes.push(attributes);
    this.startMs[i] = startMs;
    this.slots[i] = slot;
    if (slot >= this.slotLimit) this.slotLimit = slot + 1;
    return i * this.width;
  }

  /** The values column to write into after `add` (it may be replaced when the builder grows). */
  get valuesColumn(): Float64Array {
    return this.values;
  }

  build(): PointColumns {
    const n = this.count;
    return {
      length: n,
      attributes: this.attributes,
      slots: this.slots.subarray(0, n),
      owner: this.owner,
      slotLimit: this.slotLimit,
      startMs: this.startMs.subarray(0, n),
      endTime: this.endTime,
      values: this.values.subarray(0, n * this.width),
      histogram: this.histogram,
    };
  }

  private grow(): void {
    const startMs = new Float64Array(this.startMs.length * 2);
    startMs.set(this.startMs);
    this.startMs = startMs;
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.slots = slots;
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
  }
}

/**
 * columnarMetricData wraps columns into a MetricData whose `dataPoints` are built on first read.
 * `base` holds the other fields in the order OpenTelemetry JS uses.
 */
export function columnarMetricData(
  base: Omit<MetricData, 'dataPoints' | 'isMonotonic'>,
  columns: PointColumns,
  isMonotonic: boolean | undefined,
): MetricData {
  const metric: Record<string | symbol, unknown> = {
    descriptor: base.descriptor,
    aggregationTemporality: base.aggregationTemporality,
    dataPointType: base.dataPointType,
  };
  // Once `dataPoints` is read or replaced it is the truth (it may be edited in place), so the
  // columns are dropped and exporters read the points.
  const settle = (points: unknown) => {
    Object.defineProperty(metric, 'dataPoints', {
      value: points,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    delete metric[COLUMNS];
  };
  Object.defineProperty(metric, 'dataPoints', {
    get() {
      const points = materialize(columns);
      settle(points);
      return points;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
  if (isMonotonic !== undefined) metric.isMonotonic = isMonotonic;
  Object.defineProperty(metric, COLUMNS, { value: columns, configurable: true });
  return metric as unknown as MetricData;
}

/**
 * startTimeCache returns a function mapping a start millisecond to its HrTime; consecutive points
 * usually share one, so the last conversion is reused.
 */
export function startTimeCache(): (ms: number) => HrTime {
  let lastMs = Number.NaN;
  let last: HrTime = [0, 0];
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      last = millisToHrTime(ms);
    }
    return last;
  };
}

/** histogramValue builds the snapshot value of the histogram point at `offset` of `values`. */
export function histogramValue(values: Float64Array, offset: number, layout: HistogramLayout): Histogram {
  const count = values[offset + HISTOGRAM_COUNT] as number;
  const buckets = layout.boundaries.length + 1;
  const counts = new Array<number>(buckets);
  const first = offset + HISTOGRAM_FIRST_BUCKET;
  for (let b = 0; b < buckets; b++) counts[b] = values[first + b] as number;
  const hasMinMax = layout.hasMinMax && count > 0;
  return {
    buckets: { boundaries: layout.boundaries, counts },
    sum: layout.hasSum ? values[offset + HISTOGRAM_SUM] : undefined,
    count,
    min: hasMinMax ? values[offset + HISTOGRAM_MIN] : undefined,
    max: hasMinMax ? values[offset + HISTOGRAM_MAX] : undefined,
  };
}

function materialize(columns: PointColumns): DataPoint<unknown>[] {
  const { length, attributes, startMs, endTime, values, histogram } = columns;
  const startTime = startTimeCache();
  const points = new Array<DataPoint<unknown>>(length);
  for (let i = 0; i < length; i++) {
    const value = histogram === undefined ? values[i] : histogramValue(values, i * histogram.stride, histogram);
    points[i] = { startTime: startTime(startMs[i] as number), endTime, attributes: attributes[i] as Attributes, value };
  }
  return points;
}
