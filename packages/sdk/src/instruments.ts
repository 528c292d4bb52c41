/**
 * Synchronous instruments. `add`/`record` validate the value, then loop over the streams resolved
 * when the instrument was created. They never throw: bad input is dropped and reported once.
 */
import { type Context, TraceFlags, context as apiContext, trace } from '@opentelemetry/api';
import { type Attributes, type Clock, EMPTY_ATTRIBUTES, type MetricStream } from '@yardstick/core';
import { reportOnce } from './diag.js';

/**
 * ExemplarFilter decides which measurements may become exemplars: all, none, or (default) those
 * made while a sampled span is active.
 */
export type ExemplarFilter = 'always_on' | 'always_off' | 'trace_based';

// @opentelemetry/api keeps its registered globals (context manager, providers) under this
// well-known symbol, shared by every API copy of major version 1. Without a context manager no
// span can be active, so trace-based exemplar sampling can skip the context lookup entirely.
const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');

function contextManagerRegistered(): boolean {
  const registry = (globalThis as Record<symbol, { context?: unknown } | undefined>)[API_GLOBALS];
  return registry !== undefined && registry.context !== undefined;
}

/** What a synchronous instrument is built from (resolved once, when it is created). */
export interface InstrumentSetup {
  /** Streams fed by this instrument, across all readers and views (empty = disabled). */
  readonly streams: MetricStream[];
  readonly name: string;
  readonly isInt: boolean;
  readonly exemplarFilter: ExemplarFilter;
  readonly clock: Clock;
}

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
  protected readonly streams: MetricStream[];
  protected readonly name: string;
  private readonly isInt: boolean;
  private readonly exemplarFilter: ExemplarFilter;
  private readonly clock: Clock;

  constructor(
    setup: InstrumentSetup,
    private readonly kindLabel: string,
    private readonly rule: ValueRule,
  ) {
    this.streams = setup.streams;
    this.name = setup.name;
    this.isInt = setup.isInt;
    this.exemplarFilter = setup.exemplarFilter;
    this.clock = setup.clock;
  }

  /** enabled is false when no reader or view keeps this instrument's data. */
  enabled(): boolean {
    return this.streams.length > 0;
  }

  protected write(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
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
      if (this.exemplarFilter !== 'always_off' && this.offerExemplar(value, attrs, context)) return;
      for (let i = 0; i < streams.length; i++) (streams[i] as MetricStream).record(value, attrs);
    } catch (err) {
      reportOnce(
        `record-failed:${this.name}`,
        'error',
        `Yardstick: ${this.kindLabel} "${this.name}": recording failed: ${String(err)}`,
      );
    }
  }

  /**
   * offerExemplar records the measurement with its trace context when the exemplar filter lets it
   * through, and returns whether it did (otherwise the caller records it plainly).
   */
  private offerExemplar(value: number, attrs: Attributes, context: Context | undefined): boolean {
    if (context === undefined && this.exemplarFilter === 'trace_based' && !contextManagerRegistered()) return false;
    const span = trace.getSpanContext(context ?? apiContext.active());
    const sampled = span !== undefined && (span.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    if (!sampled && this.exemplarFilter === 'trace_based') return false;
    const now = this.clock();
    const traceId = sampled ? span.traceId : undefined;
    const spanId = sampled ? span.spanId : undefined;
    const streams = this.streams;
    for (let i = 0; i < streams.length; i++) {
      (streams[i] as MetricStream).recordWithExemplar(value, attrs, now, traceId, spanId);
    }
    return true;
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
    const streams: MetricStream[] = [];
    const slots: number[] = [];
    for (const s of this.streams) {
      try {
        slots.push(s.bind(attrs));
        streams.push(s);
      } catch (err) {
        reportOnce(
          `bind-failed:${this.name}`,
          'error',
          `Yardstick: ${this.kindLabel} "${this.name}": bind failed: ${String(err)}`,
        );
      }
    }
    return new BoundHandle(this, streams, slots, this.rule === 'nonNegative', this.isInt);
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

  /** @internal validates a value for a bound handle; NaN means dropped. */
  acceptValue(value: number): number {
    return this.accept(value);
  }
}

/**
 * BoundHandle records into series resolved once, at bind time: no attribute lookup per call.
 * The series stays exported (and is never evicted) until `unbind()`. The common case — one
 * stream, a valid value — is a type check, a compare and an in-place update.
 */
class BoundHandle implements BoundCounter, BoundRecorder {
  private stream: MetricStream | undefined;
  private readonly slot: number;

  constructor(
    private readonly owner: SyncInstrument,
    private readonly streams: MetricStream[],
    private readonly slots: number[],
    private readonly nonNegative: boolean,
    private readonly isInt: boolean,
  ) {
    this.stream = streams.length === 1 ? streams[0] : undefined;
    this.slot = slots[0] ?? -1;
  }

  add(value: number): void {
    this.record(value);
  }

  record(value: number): void {
    const stream = this.stream;
    if (
      stream !== undefined &&
      typeof value === 'number' &&
      (this.nonNegative ? value >= 0 : value === value) &&
      !this.isInt
    ) {
      stream.aggregator.record(this.slot, value);
      stream.series.updated[this.slot] = 1;
      return;
    }
    this.recordSlow(value);
  }

  /** Validation with diagnostics, INT truncation, several streams, or an unbound handle. */
  private recordSlow(value: number): void {
    if (this.slots.length === 0) return;
    value = this.owner.acceptValue(value);
    if (value !== value) return;
    for (let i = 0; i < this.streams.length; i++) {
      const stream = this.streams[i] as MetricStream;
      const slot = this.slots[i] as number;
      stream.aggregator.record(slot, value);
      stream.series.updated[slot] = 1;
    }
  }

  /** unbind releases the series; later calls on this handle are ignored. */
  unbind(): void {
    if (this.slots.length === 0) return;
    for (let i = 0; i < this.slots.length; i++) (this.streams[i] as MetricStream).unbind(this.slots[i] as number);
    this.slots.length = 0;
    this.streams.length = 0;
    this.stream = undefined;
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

/** Counter: monotonic sums; negative and NaN values are dropped. */
export class Counter extends SyncInstrument {
  constructor(setup: InstrumentSetup) {
    super(setup, 'counter', 'nonNegative');
  }
  add(value: number, attributes?: Attributes, context?: Context): void {
    this.write(value, attributes, context);
  }
  /** bind returns a handle that adds to the series of `attributes` with no per-call lookup. */
  bind(attributes?: Attributes): BoundCounter {
    return this.bindSeries(attributes);
  }
}

/** UpDownCounter: sums that may go down. */
export class UpDownCounter extends SyncInstrument {
  constructor(setup: InstrumentSetup) {
    super(setup, 'up-down counter', 'any');
  }
  add(value: number, attributes?: Attributes, context?: Context): void {
    this.write(value, attributes, context);
  }
  bind(attributes?: Attributes): BoundCounter {
    return this.bindSeries(attributes);
  }
}

/** Histogram: distributions of non-negative values. */
export class Histogram extends SyncInstrument {
  constructor(setup: InstrumentSetup) {
    super(setup, 'histogram', 'nonNegative');
  }
  record(value: number, attributes?: Attributes, context?: Context): void {
    this.write(value, attributes, context);
  }
  bind(attributes?: Attributes): BoundRecorder {
    return this.bindSeries(attributes);
  }
}

/** Gauge: the last recorded value. */
export class Gauge extends SyncInstrument {
  constructor(setup: InstrumentSetup) {
    super(setup, 'gauge', 'any');
  }
  record(value: number, attributes?: Attributes, context?: Context): void {
    this.write(value, attributes, context);
  }
  bind(attributes?: Attributes): BoundRecorder {
    return this.bindSeries(attributes);
  }
}
