/**
 * Synchronous instruments. `add`/`record` validate the value, then loop over the streams resolved
 * when the instrument was created. They never throw: bad input is dropped and reported once.
 */
import type { Context } from '@opentelemetry/api';
import { type Attributes, EMPTY_ATTRIBUTES, type MetricStream, type Series } from '@yardstick/core';
import { reportOnce } from './diag.js';

type ValueRule = 'nonNegative' | 'any';

/** Why a value is rejected, or undefined when it is accepted (after INT truncation by the caller). */
function rejection(value: unknown, rule: ValueRule): string | undefined {
  if (typeof value !== 'number') return `a non-number value (${typeof value})`;
  if (value !== value) return 'a NaN value';
  if (rule === 'nonNegative' && value < 0) return `a negative value (${value})`;
  return undefined;
}

/** Shared machinery of Counter, UpDownCounter, Histogram and Gauge. */
abstract class SyncInstrument {
  constructor(
    /** Streams fed by this instrument, across all readers and views (empty = disabled). */
    protected readonly streams: MetricStream[],
    protected readonly name: string,
    private readonly kindLabel: string,
    private readonly rule: ValueRule,
    private readonly isInt: boolean,
  ) {}

  /** enabled is false when no reader or view keeps this instrument's data. */
  enabled(): boolean {
    return this.streams.length > 0;
  }

  protected write(value: number, attributes: Attributes | undefined): void {
    if (typeof value !== 'number' || value !== value || (this.rule === 'nonNegative' && value < 0)) {
      this.reject(value);
      return;
    }
    if (this.isInt && !Number.isInteger(value)) {
      value = this.truncate(value);
      if (value !== value) return;
    }
    const attrs = typeof attributes === 'object' && attributes !== null ? attributes : EMPTY_ATTRIBUTES;
    const streams = this.streams;
    try {
      for (let i = 0; i < streams.length; i++) (streams[i] as MetricStream).record(value, attrs);
    } catch (err) {
      reportOnce(
        `record-failed:${this.name}`,
        'error',
        `Yardstick: ${this.kindLabel} "${this.name}": recording failed: ${String(err)}`,
      );
    }
  }

  private truncate(value: number): number {
    reportOnce(
      `int:${this.name}`,
      'warn',
      `Yardstick: ${this.kindLabel} "${this.name}" has INT values; truncating non-integer value ${value}.`,
    );
    const t = Math.trunc(value);
    return Number.isFinite(t) ? t : Number.NaN;
  }

  /** reject reports a dropped value once per instrument and reason. */
  protected reject(value: unknown): void {
    const why = rejection(value, this.rule) ?? 'an invalid value';
    reportOnce(
      `value:${this.name}:${why.split(' (')[0]}`,
      'warn',
      `Yardstick: ${this.kindLabel} "${this.name}": dropped ${why}; ${this.rule === 'nonNegative' ? 'it only accepts non-negative numbers' : 'it only accepts numbers'}.`,
    );
  }

  /** Validates and truncates like write(); returns NaN for a dropped value. */
  protected accept(value: number): number {
    if (typeof value !== 'number' || value !== value || (this.rule === 'nonNegative' && value < 0)) {
      this.reject(value);
      return Number.NaN;
    }
    if (this.isInt && !Number.isInteger(value)) return this.truncate(value);
    return value;
  }

  protected bindSeries(attributes: Attributes | undefined): BoundHandle {
    const attrs = typeof attributes === 'object' && attributes !== null ? attributes : EMPTY_ATTRIBUTES;
    const series: Series[] = [];
    for (const s of this.streams) {
      try {
        series.push(s.bind(attrs));
      } catch (err) {
        reportOnce(
          `bind-failed:${this.name}`,
          'error',
          `Yardstick: ${this.kindLabel} "${this.name}": bind failed: ${String(err)}`,
        );
      }
    }
    return new BoundHandle(this, this.streams.slice(0, series.length), series);
  }

  /**
   * remove forgets the series of `attributes` in every stream, so it is no longer exported
   * (e.g. a finished job, a closed connection). Returns whether any series was removed.
   */
  remove(attributes?: Attributes): boolean {
    let removed = false;
    for (const s of this.streams) removed = s.remove(attributes ?? EMPTY_ATTRIBUTES) || removed;
    return removed;
  }

  /** @internal validates a value for a bound handle. */
  acceptValue(value: number): number {
    return this.accept(value);
  }
}

/**
 * BoundHandle records into series resolved once, at bind time: no attribute lookup per call.
 * The series stays exported (and is never evicted) until `unbind()`.
 */
class BoundHandle {
  private bound = true;
  constructor(
    private readonly owner: SyncInstrument,
    private readonly streams: MetricStream[],
    private readonly series: Series[],
  ) {}

  write(value: number): void {
    value = this.owner.acceptValue(value);
    if (value !== value || !this.bound) return;
    const series = this.series;
    const streams = this.streams;
    for (let i = 0; i < series.length; i++) {
      const s = series[i] as Series;
      (streams[i] as MetricStream).aggregator.record(s, value);
      s.updated = true;
    }
  }

  /** unbind releases the series; later calls on this handle are ignored. */
  unbind(): void {
    if (!this.bound) return;
    this.bound = false;
    for (let i = 0; i < this.series.length; i++) (this.streams[i] as MetricStream).unbind(this.series[i] as Series);
  }
}

/** BoundCounter adds to one series without a lookup per call. */
export interface BoundCounter {
  add(value: number): void;
  unbind(): void;
}

/** BoundRecorder records into one series without a lookup per call. */
export interface BoundRecorder {
  record(value: number): void;
  unbind(): void;
}

function boundCounter(handle: BoundHandle): BoundCounter {
  return { add: (v) => handle.write(v), unbind: () => handle.unbind() };
}

function boundRecorder(handle: BoundHandle): BoundRecorder {
  return { record: (v) => handle.write(v), unbind: () => handle.unbind() };
}

/** Counter: monotonic sums; negative and NaN values are dropped. */
export class Counter extends SyncInstrument {
  constructor(streams: MetricStream[], name: string, isInt: boolean) {
    super(streams, name, 'counter', 'nonNegative', isInt);
  }
  add(value: number, attributes?: Attributes, _context?: Context): void {
    this.write(value, attributes);
  }
  /** bind returns a handle that adds to the series of `attributes` with no per-call lookup. */
  bind(attributes?: Attributes): BoundCounter {
    return boundCounter(this.bindSeries(attributes));
  }
}

/** UpDownCounter: sums that may go down. */
export class UpDownCounter extends SyncInstrument {
  constructor(streams: MetricStream[], name: string, isInt: boolean) {
    super(streams, name, 'up-down counter', 'any', isInt);
  }
  add(value: number, attributes?: Attributes, _context?: Context): void {
    this.write(value, attributes);
  }
  bind(attributes?: Attributes): BoundCounter {
    return boundCounter(this.bindSeries(attributes));
  }
}

/** Histogram: distributions of non-negative values. */
export class Histogram extends SyncInstrument {
  constructor(streams: MetricStream[], name: string, isInt: boolean) {
    super(streams, name, 'histogram', 'nonNegative', isInt);
  }
  record(value: number, attributes?: Attributes, _context?: Context): void {
    this.write(value, attributes);
  }
  bind(attributes?: Attributes): BoundRecorder {
    return boundRecorder(this.bindSeries(attributes));
  }
}

/** Gauge: the last recorded value. */
export class Gauge extends SyncInstrument {
  constructor(streams: MetricStream[], name: string, isInt: boolean) {
    super(streams, name, 'gauge', 'any', isInt);
  }
  record(value: number, attributes?: Attributes, _context?: Context): void {
    this.write(value, attributes);
  }
  bind(attributes?: Attributes): BoundRecorder {
    return boundRecorder(this.bindSeries(attributes));
  }
}
