/**
 * MetricStream is one metric stream of one reader: the series of an instrument (after views)
 * aggregated one way with one temporality. Sync instruments record into it; async instruments
 * observe into it while their callbacks run. `collect` turns it into snapshot data.
 */
import type { Aggregator } from './aggregators/aggregator.js';
import { ExplicitHistogramAggregator } from './aggregators/explicit-histogram.js';
import { ExponentialHistogramAggregator } from './aggregators/exponential-histogram.js';
import { LastValueAggregator } from './aggregators/last-value.js';
import { SumAggregator } from './aggregators/sum.js';
import {
  AlignedHistogramBucketReservoir,
  type ExemplarReservoir,
  type ExemplarReservoirOption,
  SimpleFixedSizeReservoir,
} from './exemplar-reservoir.js';
import { EMPTY_ATTRIBUTES } from './attributes.js';
import {
  type Pending,
  type PendingHistogram,
  type PendingSum,
  clearPendingHistogram,
  newPendingHistogram,
  newPendingSum,
} from './pending.js';
import { PointColumnsBuilder, columnarMetricData, startTimeCache } from './point-columns.js';
import { SeriesMap } from './series-map.js';
import type { DataPoint, MetricData, MetricDescriptor } from './snapshot.js';
import { type Clock, millisToHrTime } from './time.js';
import { AggregationTemporality, type Attributes, type HrTime } from './types.js';

/** Problems a stream reports; the owner turns each into one diagnostic. */
export interface StreamEvents {
  overflow(stream: MetricStream): void;
  invalidAttributes(stream: MetricStream, keys: string[]): void;
}

export interface MetricStreamOptions {
  readonly descriptor: MetricDescriptor;
  readonly temporality: AggregationTemporality;
  readonly aggregator: Aggregator;
  /** True for async instruments: points only for series observed in this collection. */
  readonly observable: boolean;
  readonly cardinalityLimit: number;
  readonly keepKey?: (key: string) => boolean;
  readonly process?: (attrs: Attributes) => Attributes;
  readonly clock: Clock;
  readonly events: StreamEvents;
  /** Exemplar reservoir of each series; default per the spec's defaults for the aggregation. */
  readonly exemplarReservoir?: ExemplarReservoirOption;
  /**
   * Drop cumulative series that saw no measurement for this many collections (0 = never).
   * A series that comes back starts again with a fresh start time.
   */
  readonly idleCollections?: number;
}

export class MetricStream {
  readonly descriptor: MetricDescriptor;
  readonly temporality: AggregationTemporality;
  readonly aggregator: Aggregator;
  /** The stream's series (slots); exposed for bound handles, which record by slot. */
  readonly series: SeriesMap;
  private readonly observable: boolean;
  private readonly createdAt: HrTime;
  private readonly createdAtMs: number;
  private lastCollection: HrTime;
  private lastCollectionMs: number;
  private collections = 0;
  /** Slot of the series without attributes, or -1 (see record). */
  private emptySlot = -1;
  private readonly newReservoir: (() => ExemplarReservoir) | undefined;
  /** Reservoirs of the series that were offered exemplars, by slot. */
  private readonly reservoirs = new Map<number, ExemplarReservoir>();
  /** Whether the stream drops attribute keys (exemplars then keep the dropped ones). */
  private readonly filters: boolean;
  /** Pending state of bound handles, moved into their series before anything reads them. */
  private readonly pending = new Set<Pending>();

  constructor(private readonly options: MetricStreamOptions) {
    this.descriptor = options.descriptor;
    this.temporality = options.temporality;
    this.aggregator = options.aggregator;
    this.observable = options.observable;
    this.createdAtMs = options.clock();
    this.createdAt = millisToHrTime(this.createdAtMs);
    this.lastCollection = this.createdAt;
    this.lastCollectionMs = this.createdAtMs;
    this.newReservoir = reservoirFactory(options.exemplarReservoir, options.aggregator);
    this.filters = options.keepKey !== undefined || options.process !== undefined;
    const aggregator = options.aggregator;
    this.series = new SeriesMap({
      cardinalityLimit: options.cardinalityLimit,
      keepKey: options.keepKey,
      process: options.process,
      clock: options.clock,
      events: {
        overflow: () => options.events.overflow(this),
        invalidAttributes: (keys) => options.events.invalidAttributes(this, keys),
      },
      grow: (capacity) => aggregator.grow(capacity),
      init: (slot) => {
        // An async series first seen in the first collection starts with the instrument; later
        // ones with the previous collection (spec: start timestamps).
        if (this.observable)
          this.series.startMs[slot] = this.collections === 0 ? this.createdAtMs : this.lastCollectionMs;
        this.reservoirs.delete(slot);
        aggregator.init(slot);
      },
    });
  }

  /** Number of series held, the overflow series included. */
  get seriesCount(): number {
    return this.series.size;
  }

  /** record adds a synchronous measurement. Hot path: no allocation for a known series. */
  record(value: number, attributes: Attributes): void {
    let slot: number;
    if (attributes === EMPTY_ATTRIBUTES) {
      // Measurements without attributes skip the lookup; the slot is re-found if it was evicted.
      slot = this.emptySlot;
      if (slot < 0 || this.series.attributes[slot] !== EMPTY_ATTRIBUTES) {
        slot = this.emptySlot = this.series.find(EMPTY_ATTRIBUTES);
      }
    } else {
      slot = this.series.find(attributes);
    }
    this.aggregator.record(slot, value);
    this.series.updated[slot] = 1;
  }

  /**
   * recordWithExemplar adds a measurement and offers it to the series' exemplar reservoir
   * (called only for measurements the exemplar filter lets through).
   */
  recordWithExemplar(
    value: number,
    attributes: Attributes,
    timeMs: number,
    traceId: string | undefined,
    spanId: string | undefined,
  ): void {
    const slot = this.series.find(attributes);
    this.aggregator.record(slot, value);
    this.series.updated[slot] = 1;
    const factory = this.newReservoir;
    if (factory === undefined) return;
    let reservoir = this.reservoirs.get(slot);
    if (reservoir === undefined) {
      reservoir = factory();
      this.reservoirs.set(slot, reservoir);
    }
    const kept = this.series.attributes[slot] as Attributes;
    reservoir.offer(value, timeMs, this.filters ? droppedAttributes(attributes, kept) : EMPTY, traceId, spanId);
  }

  /** observe stores an asynchronous observation made during this collection. */
  observe(value: number, attributes: Attributes): void {
    const slot = this.series.find(attributes);
    this.aggregator.observe(slot, value);
    this.series.updated[slot] = 1;
  }

  /** bind resolves and pins the series of `attributes`; the series is never evicted while bound. */
  bind(attributes: Attributes): number {
    const slot = this.series.find(attributes);
    this.series.pins[slot]++;
    return slot;
  }

  /**
   * pendingSum returns a running total for the bound series in `slot`, or undefined when the
   * stream does not aggregate sums. Release it with `releasePending` before unbinding.
   */
  pendingSum(slot: number): PendingSum | undefined {
    if (!(this.aggregator instanceof SumAggregator) || this.observable) return undefined;
    const pending = newPendingSum(slot);
    this.pending.add(pending);
    return pending;
  }

  /** pendingHistogram is pendingSum for explicit-bucket histogram streams. */
  pendingHistogram(slot: number): PendingHistogram | undefined {
    if (!(this.aggregator instanceof ExplicitHistogramAggregator) || this.observable) return undefined;
    const pending = newPendingHistogram(slot, this.aggregator.boundsColumn);
    this.pending.add(pending);
    return pending;
  }

  /** releasePending moves what `pending` holds into its series and stops tracking it. */
  releasePending(pending: Pending): void {
    this.flushPending(pending);
    this.pending.delete(pending);
  }

  private flushPending(pending: Pending): void {
    if (!pending.touched) return;
    const live = this.series.attributes[pending.slot] !== undefined;
    if (pending.kind === 'sum') {
      if (live) this.aggregator.record(pending.slot, pending.value);
      pending.value = 0;
      pending.touched = false;
    } else {
      if (live) (this.aggregator as ExplicitHistogramAggregator).merge(pending.slot, pending);
      clearPendingHistogram(pending);
    }
    if (live) this.series.updated[pending.slot] = 1;
  }

  private flushAllPending(): void {
    for (const pending of this.pending) this.flushPending(pending);
  }

  /** unbind releases a series pinned by bind. */
  unbind(slot: number): void {
    if ((this.series.pins[slot] as number) > 0) this.series.pins[slot]--;
  }

  /** remove forgets the series of `attributes` (it is no longer exported). */
  remove(attributes: Attributes): boolean {
    // What bound handles recorded before the removal belongs to the removed series.
    this.flushAllPending();
    return this.series.remove(attributes, (slot) => {
      this.reservoirs.delete(slot);
      for (const pending of this.pending) if (pending.slot === slot) pending.open = false;
    });
  }

  /**
   * collect builds the stream's snapshot at `nowMs`, or undefined when it has no points.
   * Delta streams report each interval once and keep no series between intervals.
   */
  collect(nowMs: number): MetricData | undefined {
    const steps = this.collectSteps(nowMs);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /**
   * collectSteps is `collect` in slices: it yields after every `sliceSize` points so the caller
   * can give the event loop a turn on very large streams. Measurements made during a pause are
   * not lost: a delta series is reset as it is read, and one updated again before the end stays
   * for the next interval.
   */
  *collectSteps(nowMs: number, sliceSize = 2048): Generator<void, MetricData | undefined, void> {
    this.flushAllPending();
    const endTime = millisToHrTime(nowMs);
    const delta = this.temporality === AggregationTemporality.DELTA;
    const points: DataPoint<unknown>[] = [];
    const aggregator = this.aggregator;
    const series = this.series;
    const deltaStart = this.lastCollection;
    const observedDelta = this.observable && delta && aggregator instanceof SumAggregator ? aggregator : undefined;
    const resetAsRead = delta && !this.observable;
    const onlyUpdated = delta || this.observable;
    const idleLimit = this.options.idleCollections ?? 0;
    const forget = (slot: number) => this.reservoirs.delete(slot);
    if (!onlyUpdated && idleLimit > 0) {
      // Idle eviction happens before building points: a series quiet for N collections is not exported.
      series.forEach((slot) => {
        series.idle[slot] = series.updated[slot] ? 0 : Math.min(65535, (series.idle[slot] as number) + 1);
        series.updated[slot] = 0;
      });
      series.removeWhere((slot) => (series.idle[slot] as number) >= idleLimit, forget);
    }

    // Sums, gauges and explicit histograms without exemplars are collected as columns (see
    // point-columns.ts); the rest as DataPoint objects.
    const histogram = aggregator instanceof ExplicitHistogramAggregator ? aggregator : undefined;
    const columnar =
      this.reservoirs.size === 0 &&
      (histogram !== undefined || aggregator instanceof SumAggregator || aggregator instanceof LastValueAggregator);
    const pass: PointPass = {
      points,
      columns: columnar ? new PointColumnsBuilder(series.size, endTime, series, histogram?.layout) : undefined,
      histogram,
      endTime,
      deltaStart,
      deltaStartMs: this.lastCollectionMs,
      delta,
      onlyUpdated,
      resetAsRead,
      observedDelta,
      startTime: startTimeCache(),
    };
    // The loop lives in a plain method (generators optimise less well); pause between slices.
    for (let slot = 0; slot < series.slotLimit; ) {
      slot = this.buildPoints(pass, slot, sliceSize);
      if (slot < series.slotLimit) yield;
    }

    if (this.observable) {
      // Async: only series observed this round exist; keep delta ones for the next difference.
      if (!delta) series.removeWhere((slot) => series.updated[slot] === 0, forget);
      series.forEach((slot) => {
        series.updated[slot] = 0;
      });
    } else if (delta) {
      // Delta storage holds only the series of the current interval, so the cardinality limit
      // applies per interval. Bound (pinned) series and ones updated during a pause stay.
      series.removeWhere((slot) => series.updated[slot] === 0, forget);
    }

    this.lastCollection = endTime;
    this.lastCollectionMs = nowMs;
    this.collections++;
    if (pass.columns !== undefined) {
      if (pass.columns.length === 0) return undefined;
      return columnarMetricData(this.metricBase(), pass.columns.build(), this.monotonicity());
    }
    if (points.length === 0) return undefined;
    return this.toMetricData(points);
  }

  /**
   * buildPoints appends the points of slots from `from` on until `count` points were added or
   * the slots run out, and returns the next slot to visit. Columns may have been replaced during
   * a pause (new series grow them), so they are read through `this.series` each time.
   */
  private buildPoints(pass: PointPass, from: number, count: number): number {
    const series = this.series;
    const aggregator = this.aggregator;
    const { points, columns, histogram, endTime, deltaStart, deltaStartMs, delta, onlyUpdated, resetAsRead } = pass;
    const observedDelta = pass.observedDelta;
    const attributesColumn = series.attributes;
    const updated = series.updated;
    const startMs = series.startMs;
    const limit = series.slotLimit;
    const hasExemplars = this.reservoirs.size > 0;
    let added = 0;
    let slot = from;
    for (; slot < limit && added < count; slot++) {
      const attributes = attributesColumn[slot];
      if (attributes === undefined || (onlyUpdated && updated[slot] === 0)) continue;
      if (columns !== undefined) {
        const offset = columns.add(attributes, delta ? deltaStartMs : (startMs[slot] as number), slot);
        if (histogram !== undefined) histogram.copyPoint(slot, columns.valuesColumn, offset);
        else
          columns.valuesColumn[offset] =
            observedDelta !== undefined ? observedDelta.observedDelta(slot) : (aggregator.pointValue(slot) as number);
      } else {
        const value = observedDelta !== undefined ? observedDelta.observedDelta(slot) : aggregator.pointValue(slot);
        const startTime = delta ? deltaStart : pass.startTime(startMs[slot] as number);
        const exemplars = hasExemplars ? this.reservoirs.get(slot)?.collect() : undefined;
        points.push(
          exemplars === undefined
            ? { startTime, endTime, attributes, value }
            : { startTime, endTime, attributes, value, exemplars },
        );
      }
      if (resetAsRead) {
        aggregator.reset(slot);
        updated[slot] = 0;
      }
      added++;
    }
    return slot;
  }

  private metricBase(): Omit<MetricData, 'dataPoints' | 'isMonotonic'> {
    return {
      descriptor: this.descriptor,
      aggregationTemporality: this.temporality,
      dataPointType: this.aggregator.pointType,
    } as Omit<MetricData, 'dataPoints' | 'isMonotonic'>;
  }

  private monotonicity(): boolean | undefined {
    return this.aggregator instanceof SumAggregator ? this.aggregator.isMonotonic : undefined;
  }

  private toMetricData(points: DataPoint<unknown>[]): MetricData {
    const base = { ...this.metricBase(), dataPoints: points };
    const isMonotonic = this.monotonicity();
    return (isMonotonic === undefined ? base : { ...base, isMonotonic }) as MetricData;
  }
}

const EMPTY: Attributes = Object.freeze({});

/** State of one collection pass over a stream's slots (shared by its slices). */
interface PointPass {
  readonly points: DataPoint<unknown>[];
  /** Set when the points are collected as columns instead of `points`. */
  readonly columns: PointColumnsBuilder | undefined;
  readonly histogram: ExplicitHistogramAggregator | undefined;
  readonly endTime: HrTime;
  readonly deltaStart: HrTime;
  readonly deltaStartMs: number;
  readonly delta: boolean;
  readonly onlyUpdated: boolean;
  readonly resetAsRead: boolean;
  readonly observedDelta: SumAggregator | undefined;
  /** Start times of cumulative points (consecutive series usually share a start millisecond). */
  readonly startTime: (ms: number) => HrTime;
}

/** The measurement's attributes that the series does not keep (the exemplar's filtered attributes). */
function droppedAttributes(measured: Attributes, kept: Attributes): Attributes {
  let out: Attributes | undefined;
  for (const key in measured) {
    if (key in kept) continue;
    const v = measured[key];
    if (v === undefined) continue;
    if (out === undefined) out = {};
    out[key] = v;
  }
  return out ?? EMPTY;
}

/** The spec's default reservoirs: one per bucket for explicit histograms, 20 for exponential ones, else 1. */
function reservoirFactory(
  option: ExemplarReservoirOption | undefined,
  aggregator: Aggregator,
): (() => ExemplarReservoir) | undefined {
  if (option?.type === 'none') return undefined;
  if (option?.type === 'simple_fixed_size') {
    const size = option.size ?? 1;
    return () => new SimpleFixedSizeReservoir(size);
  }
  const boundaries =
    option?.type === 'aligned_histogram_bucket'
      ? option.boundaries
      : aggregator instanceof ExplicitHistogramAggregator
        ? aggregator.boundaries
        : undefined;
  if (boundaries !== undefined && boundaries.length > 0) return () => new AlignedHistogramBucketReservoir(boundaries);
  if (aggregator instanceof ExponentialHistogramAggregator) {
    const size = Math.min(20, aggregator.maxSize);
    return () => new SimpleFixedSizeReservoir(size);
  }
  return () => new SimpleFixedSizeReservoir(1);
}
