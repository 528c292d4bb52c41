/**
 * Synchronous instruments. `add`/`record` validate the value, then loop over the streams resolved
 * when the instrument was created. They never throw: bad input is dropped and reported once.
 */
import { type Context, TraceFlags, context as apiContext, trace } from '@opentelemetry/api';
import { type Attributes, type Clock, EMPTY_ATTRIBUTES, type MetricStream } from '@yardstick/core';
import { type Pending, type PendingHistogram, type PendingSum, recordPendingHistogram } from '@yardstick/core/internal';
import { contextManagerRegistered } from './api-globals.js';
import { type DiagLevel, OnceReporter } from './diag.js';

/**
 * ExemplarFilter decides which measurements may become exemplars: all, none, or (default) those
 * made while a sampled span is active.
 */
export type ExemplarFilter = 'always_on' | 'always_off' | 'trace_based';

/**
 * Running totals of trace-based bound handles that skip the context check. A context manager is
 * normally registered at startup, before anything is recorded; one registered later is noticed
 * at the next collection (`closeTraceBasedPendings`), from which on these handles sample
 * exemplars again.
 */
const traceBasedPendings = new Set<Pending>();

/** @internal closeTraceBasedPendings sends trace-based bound handles to the slow path once spans can exist. */
export function closeTraceBasedPendings(): void {
  if (traceBasedPendings.size === 0 || !contextManagerRegistered()) return;
  for (const pending of traceBasedPendings) pending.open = false;
  traceBasedPendings.clear();
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
  /** What this instrument already reported; created on its first problem. */
  private reported: OnceReporter | undefined = undefined;

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

  /**
   * reportOnce logs a problem of this instrument once. The memory is the instrument's own, so the
   * same mistake through another provider or meter is still reported.
   */
  protected reportOnce(key: string, level: DiagLevel, message: string): void {
    if (this.reported === undefined) this.reported = new OnceReporter(64);
    this.reported.reportOnce(key, level, message);
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
      if (this.exemplarFilter !== 'always_off' && this.offerExemplar(value, attrs, context, streams)) return;
      for (let i = 0; i < streams.length; i++) (streams[i] as MetricStream).record(value, attrs);
    } catch (err) {
      this.recordFailed(err);
    }
  }

  /** @internal reports (once) that recording threw, e.g. in a view's attribute processor. */
  recordFailed(err: unknown): void {
    this.reportOnce(
      `record-failed:${this.name}`,
      'error',
      `Yardstick: ${this.kindLabel} "${this.name}": recording failed: ${String(err)}`,
    );
  }

  /**
   * @internal offerExemplar records the measurement into `streams` with its trace context when the
   * exemplar filter lets it through, and returns whether it did (otherwise the caller records it
   * plainly). Bound handles call it too.
   */
  offerExemplar(value: number, attrs: Attributes, context: Context | undefined, streams: MetricStream[]): boolean {
    if (this.exemplarFilter === 'always_off') return false;
    if (context === undefined && this.exemplarFilter === 'trace_based' && !contextManagerRegistered()) return false;
    const span = trace.getSpanContext(context ?? apiContext.active());
    const sampled = span !== undefined && (span.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    if (!sampled && this.exemplarFilter === 'trace_based') return false;
    const now = this.clock();
    const traceId = sampled ? span.traceId : undefined;
    const spanId = sampled ? span.spanId : undefined;
    for (let i = 0; i < streams.length; i++) {
      (streams[i] as MetricStream).recordWithExemplar(value, attrs, now, traceId, spanId);
    }
    return true;
  }

  private truncate(value: number): number {
    this.reportOnce(
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
    this.reportOnce(
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
    // A frozen copy: the handle re-binds with it after remove() and offers it with exemplars,
    // so later changes to the caller's object must not move the handle to another series.
    const attrs =
      typeof attributes === 'object' && attributes !== null ? Object.freeze({ ...attributes }) : EMPTY_ATTRIBUTES;
    const streams: MetricStream[] = [];
    const slots: number[] = [];
    for (const s of this.streams) {
      const slot = this.bindStream(s, attrs);
      if (slot < 0) continue;
      slots.push(slot);
      streams.push(s);
    }
    const mode: BoundMode =
      this.isInt || this.exemplarFilter === 'always_on'
        ? BOUND_SLOW
        : this.exemplarFilter === 'trace_based'
          ? BOUND_UNLESS_CONTEXT
          : BOUND_FAST;
    return new BoundHandle(this, attrs, streams, slots, this.rule === 'nonNegative', mode);
  }

  /**
   * @internal bindStream pins the series of `attrs` in `stream` (at bind time, and again after
   * remove() dropped it) and returns its slot; -1 when that failed (reported).
   */
  bindStream(stream: MetricStream, attrs: Attributes): number {
    try {
      return stream.bind(attrs);
    } catch (err) {
      this.reportOnce(
        `bind-failed:${this.name}`,
        'error',
        `Yardstick: ${this.kindLabel} "${this.name}": bind failed: ${String(err)}`,
      );
      return -1;
    }
  }

  /**
   * remove forgets the series of `attributes` in every stream, so it is no longer exported
   * (e.g. a finished job, a closed connection). Returns whether any series was removed.
   * Attributes go through the same views (allow/deny lists, custom processors) as when recording.
   *
   * A series held by a bound handle is removed as well: the handle stays usable and its next
   * measurement starts a fresh series (new start time), as an unbound call would.
   *
   * @example
   * jobs.add(1, { job: 'backup' });
   * jobs.remove({ job: 'backup' }); // true; not exported from the next collection on
   */
  remove(attributes?: Attributes): boolean {
    const attrs = typeof attributes === 'object' && attributes !== null ? attributes : EMPTY_ATTRIBUTES;
    let removed = false;
    for (const s of this.streams) {
      try {
        removed = s.remove(attrs) || removed;
      } catch (err) {
        this.reportOnce(
          `remove-failed:${this.name}`,
          'error',
          `Yardstick: ${this.kindLabel} "${this.name}": remove failed: ${String(err)}`,
        );
      }
    }
    return removed;
  }

  /** @internal validates a value for a bound handle; NaN means dropped. */
  acceptValue(value: number): number {
    return this.accept(value);
  }
}

// How much of the bound fast path a handle may take, fixed at bind time (plain numbers: an enum
// object would cost a property load per call).
/** DOUBLE values, exemplar filter always_off. */
const BOUND_FAST = 0;
/** DOUBLE values, trace_based: fast while no context manager is registered (no span can be active). */
const BOUND_UNLESS_CONTEXT = 1;
/** INT values (truncation) or always_on: every call takes the slow path. */
const BOUND_SLOW = 2;
type BoundMode = typeof BOUND_FAST | typeof BOUND_UNLESS_CONTEXT | typeof BOUND_SLOW;

/**
 * BoundHandle records into series resolved once, at bind time: no attribute lookup per call.
 * The series is never evicted until `unbind()`; if `remove()` drops it, the handle binds a fresh
 * one on its next measurement. The common case — one stream, a valid value, no exemplar to
 * sample — is a type check, a few compares and an in-place update.
 */
class BoundHandle implements BoundCounter, BoundRecorder {
  /** The stream of the fast path: set only for one stream and a mode other than BOUND_SLOW. */
  private stream: MetricStream | undefined;
  private slot: number;
  private readonly traceBased: boolean;
  /** Smallest accepted value on the sum fast path (NaN fails any comparison). */
  private readonly floor: number;
  /** The single stream's attributes column (never replaced); undefined at `slot` means removed. */
  private column: readonly (Attributes | undefined)[];
  /**
   * On the fast path a bound sum or histogram records here; the stream moves it into the series
   * whenever the series is read. At most one of the two is set.
   */
  private pendingSum: PendingSum | undefined;
  private pendingHistogram: PendingHistogram | undefined;
  private pendingStream: MetricStream | undefined;

  constructor(
    private readonly owner: SyncInstrument,
    private readonly attrs: Attributes,
    private readonly streams: MetricStream[],
    private readonly slots: number[],
    private readonly nonNegative: boolean,
    private readonly mode: BoundMode,
  ) {
    this.traceBased = mode === BOUND_UNLESS_CONTEXT;
    this.floor = nonNegative ? 0 : Number.NEGATIVE_INFINITY;
    this.slot = -1;
    this.column = [];
    this.pendingSum = undefined;
    this.pendingHistogram = undefined;
    this.pendingStream = undefined;
    this.resolved();
  }

  /** resolved caches what the fast path reads after the streams or slots changed. */
  private resolved(): void {
    const streams = this.streams;
    this.stream = streams.length === 1 && this.mode !== BOUND_SLOW ? streams[0] : undefined;
    this.slot = this.slots[0] ?? -1;
    this.column = streams[0]?.series.attributes ?? [];
    const current = this.pendingSum ?? this.pendingHistogram;
    if (current !== undefined && (current.slot !== this.slot || this.pendingStream !== this.stream)) {
      this.releasePending();
    }
    const stream = this.stream;
    if (
      this.pendingSum === undefined &&
      this.pendingHistogram === undefined &&
      stream !== undefined &&
      (!this.traceBased || !contextManagerRegistered())
    ) {
      this.pendingSum = stream.pendingSum(this.slot);
      if (this.pendingSum === undefined) this.pendingHistogram = stream.pendingHistogram(this.slot);
      const pending = this.pendingSum ?? this.pendingHistogram;
      if (pending !== undefined) {
        this.pendingStream = stream;
        if (this.traceBased) traceBasedPendings.add(pending);
      }
    }
  }

  private releasePending(): void {
    const pending = this.pendingSum ?? this.pendingHistogram;
    if (pending === undefined) return;
    traceBasedPendings.delete(pending);
    this.pendingStream?.releasePending(pending);
    this.pendingSum = undefined;
    this.pendingHistogram = undefined;
    this.pendingStream = undefined;
  }

  add(value: number): void {
    // `open` is cleared when the series is removed or spans may be active (exemplars to sample).
    const pending = this.pendingSum;
    if (pending !== undefined && typeof value === 'number' && value >= this.floor && pending.open) {
      pending.value += value;
      pending.touched = true;
      return;
    }
    this.record(value);
  }

  record(value: number): void {
    const histogram = this.pendingHistogram;
    if (histogram !== undefined && typeof value === 'number' && value >= this.floor && histogram.open) {
      recordPendingHistogram(histogram, value);
      return;
    }
    const stream = this.stream;
    if (
      stream !== undefined &&
      typeof value === 'number' &&
      (this.nonNegative ? value >= 0 : value === value) &&
      (!this.traceBased || !contextManagerRegistered()) &&
      this.column[this.slot] !== undefined
    ) {
      stream.aggregator.record(this.slot, value);
      stream.series.updated[this.slot] = 1;
      return;
    }
    this.recordSlow(value);
  }

  /**
   * Validation with diagnostics, INT truncation, exemplar sampling, several streams, a removed
   * series, or an unbound handle.
   */
  private recordSlow(value: number): void {
    if (this.slots.length === 0) return;
    value = this.owner.acceptValue(value);
    if (value !== value) return;
    this.rebindRemoved();
    const streams = this.streams;
    try {
      if (this.mode !== BOUND_FAST && this.owner.offerExemplar(value, this.attrs, undefined, streams)) return;
    } catch (err) {
      // Offering looks the series up by attributes, which runs a view's processor; it may throw.
      this.owner.recordFailed(err);
      return;
    }
    for (let i = 0; i < streams.length; i++) {
      const stream = streams[i] as MetricStream;
      const slot = this.slots[i] as number;
      stream.aggregator.record(slot, value);
      stream.series.updated[slot] = 1;
    }
  }

  /** rebindRemoved re-binds the series that remove() dropped, and forgets streams where that fails. */
  private rebindRemoved(): void {
    const streams = this.streams;
    const slots = this.slots;
    for (let i = 0; i < streams.length; i++) {
      const stream = streams[i] as MetricStream;
      const old = slots[i] as number;
      if (stream.series.attributes[old] !== undefined) continue;
      // The removed slot is not reused while pinned, so it still belongs to this handle.
      stream.unbind(old);
      const slot = this.owner.bindStream(stream, this.attrs);
      if (slot >= 0) {
        slots[i] = slot;
        continue;
      }
      streams.splice(i, 1);
      slots.splice(i, 1);
      i--;
    }
    this.resolved();
  }

  /** unbind releases the series; later calls on this handle are ignored. */
  unbind(): void {
    if (this.slots.length === 0) return;
    this.releasePending();
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
