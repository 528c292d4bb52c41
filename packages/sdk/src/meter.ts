/**
 * Meter creates instruments, detects duplicate registrations, and holds its instruments'
 * streams per reader for collection.
 */
import type { BatchObservableCallback, Observable, MetricOptions, Meter as ApiMeter } from '@opentelemetry/api';
import {
  type Clock,
  type InstrumentType,
  InstrumentType as Kind,
  type InstrumentationScope,
  type MetricData,
  type MetricStream,
  isObservable,
  isValidInstrumentName,
} from '@yardstick/core';
import type { OnceReporter } from './diag.js';
import { isValidUnit } from './instrument-unit.js';
import {
  Counter,
  type ExemplarFilter,
  Gauge,
  Histogram,
  type InstrumentSetup,
  UpDownCounter,
  closeTraceBasedPendings,
} from './instruments.js';
import { CallbackRegistry, ObservableInstrument } from './observable.js';
import type { Pauser } from './slicing.js';
import { type InstrumentInfo, type StreamContext, createStreams } from './stream-factory.js';

const VALUE_TYPE_INT = 0;
const VALUE_TYPE_DOUBLE = 1;

interface Registration {
  readonly info: InstrumentInfo;
  readonly instrument: object;
  readonly streamsByReader: MetricStream[][];
}

/** What a Meter needs from its provider. */
export interface MeterContext {
  /** One stream context per reader, in reader order. */
  readonly readers: readonly StreamContext[];
  readonly exemplarFilter: ExemplarFilter;
  readonly clock: Clock;
  /** The provider's memory of reported problems, so each provider reports its own once. */
  readonly reported: OnceReporter;
}

export class Meter implements ApiMeter {
  private readonly byName = new Map<string, Registration[]>();
  private readonly registrations: Registration[] = [];
  /** First instrument seen per reader and stream name, for view conflict reports. */
  private readonly streamOwners = new Map<string, { info: InstrumentInfo; renamed: boolean }>();
  /** @internal */
  readonly callbacks: CallbackRegistry;

  constructor(
    readonly scope: InstrumentationScope,
    private readonly context: MeterContext,
  ) {
    this.callbacks = new CallbackRegistry(context.reported);
  }

  createCounter(name: string, options?: MetricOptions): Counter {
    return this.sync(name, Kind.COUNTER, options, (setup) => new Counter(setup));
  }

  createUpDownCounter(name: string, options?: MetricOptions): UpDownCounter {
    return this.sync(name, Kind.UP_DOWN_COUNTER, options, (setup) => new UpDownCounter(setup));
  }

  createHistogram(name: string, options?: MetricOptions): Histogram {
    return this.sync(name, Kind.HISTOGRAM, options, (setup) => new Histogram(setup));
  }

  createGauge(name: string, options?: MetricOptions): Gauge {
    return this.sync(name, Kind.GAUGE, options, (setup) => new Gauge(setup));
  }

  createObservableCounter(name: string, options?: MetricOptions): ObservableInstrument {
    return this.observable(name, Kind.OBSERVABLE_COUNTER, options);
  }

  createObservableUpDownCounter(name: string, options?: MetricOptions): ObservableInstrument {
    return this.observable(name, Kind.OBSERVABLE_UP_DOWN_COUNTER, options);
  }

  createObservableGauge(name: string, options?: MetricOptions): ObservableInstrument {
    return this.observable(name, Kind.OBSERVABLE_GAUGE, options);
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    const instruments = this.ownObservables(observables);
    this.callbacks.add({ callback, instruments, batch: true });
  }

  removeBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this.callbacks.remove(callback, this.ownObservables(observables));
  }

  /**
   * @internal collectMetrics returns the metrics of reader `readerIndex` at `nowMs`, pausing
   * between slices of large streams when `pauser` says so.
   */
  async collectMetrics(readerIndex: number, nowMs: number, pauser: Pauser): Promise<MetricData[]> {
    closeTraceBasedPendings();
    const metrics: MetricData[] = [];
    for (const r of this.registrations) {
      for (const stream of r.streamsByReader[readerIndex] ?? []) {
        const steps = stream.collectSteps(nowMs);
        let step = steps.next();
        while (!step.done) {
          await pauser.maybePause();
          step = steps.next();
        }
        if (step.value !== undefined) metrics.push(step.value);
      }
    }
    return metrics;
  }

  private ownObservables(observables: Observable[]): ObservableInstrument[] {
    const own: ObservableInstrument[] = [];
    for (const o of observables) {
      if (o instanceof ObservableInstrument && this.registrations.some((r) => r.instrument === o)) own.push(o);
      else
        this.context.reported.reportOnce(
          `batch-foreign:${this.scope.name}`,
          'warn',
          `Yardstick: meter "${this.scope.name}": batch callbacks accept only this meter's observable instruments; ignored one.`,
        );
    }
    return own;
  }

  private sync<T extends object>(
    name: string,
    type: InstrumentType,
    options: MetricOptions | undefined,
    make: (setup: InstrumentSetup) => T,
  ): T {
    const { exemplarFilter, clock } = this.context;
    const info = this.describe(name, type, options);
    if (info === undefined) return make({ streams: [], name: String(name), isInt: false, exemplarFilter, clock });
    const existing = this.findIdentical(info);
    if (existing !== undefined) return existing.instrument as T;
    const streamsByReader = this.streamsFor(info);
    const instrument = make({
      streams: streamsByReader.flat(),
      name: info.name,
      isInt: info.valueType === VALUE_TYPE_INT,
      exemplarFilter,
      clock,
    });
    this.register({ info, instrument, streamsByReader });
    return instrument;
  }

  private observable(name: string, type: InstrumentType, options: MetricOptions | undefined): ObservableInstrument {
    const info = this.describe(name, type, options);
    if (info === undefined) return new ObservableInstrument(String(name), [], false, this.callbacks);
    const existing = this.findIdentical(info);
    if (existing !== undefined) return existing.instrument as ObservableInstrument;
    const streamsByReader = this.streamsFor(info);
    const instrument = new ObservableInstrument(
      info.name,
      streamsByReader,
      info.valueType === VALUE_TYPE_INT,
      this.callbacks,
    );
    this.register({ info, instrument, streamsByReader });
    return instrument;
  }

  /** describe validates the name and options; undefined means "invalid, hand out a no-op". */
  private describe(name: string, type: InstrumentType, options: MetricOptions | undefined): InstrumentInfo | undefined {
    if (!isValidInstrumentName(name)) {
      this.context.reported.reportOnce(
        `name:${this.scope.name}:${String(name)}`,
        'error',
        `Yardstick: invalid instrument name "${String(name)}" in meter "${this.scope.name}": names start with a letter and use only letters, digits, "_", ".", "-", "/" (at most 255 characters). The instrument records nothing.`,
      );
      return undefined;
    }
    const advice = options?.advice?.explicitBucketBoundaries;
    return {
      name,
      type,
      unit: this.unitOf(name, options?.unit),
      description: typeof options?.description === 'string' ? options.description : '',
      valueType: options?.valueType === VALUE_TYPE_INT ? VALUE_TYPE_INT : VALUE_TYPE_DOUBLE,
      meterName: this.scope.name,
      meterVersion: this.scope.version,
      meterSchemaUrl: this.scope.schemaUrl,
      adviceBoundaries: type === Kind.HISTOGRAM && Array.isArray(advice) ? advice : undefined,
    };
  }

  /**
   * unitOf returns the unit to use. Missing means '' (the spec's MUST); a non-string becomes ''.
   * A string outside the API's syntax is kept as given, as the SDK spec (SHOULD NOT validate)
   * and sdk-metrics do, so exported data stays equal to theirs; it is only reported.
   */
  private unitOf(name: string, unit: unknown): string {
    if (unit === undefined || unit === null) return '';
    if (typeof unit !== 'string') {
      this.context.reported.reportOnce(
        `unit-type:${this.scope.name}:${name}`,
        'warn',
        `Yardstick: instrument "${name}" in meter "${this.scope.name}": unit must be a string, got ${typeof unit}; using no unit.`,
      );
      return '';
    }
    if (!isValidUnit(unit)) {
      this.context.reported.reportOnce(
        `unit:${this.scope.name}:${name}:${unit}`,
        'warn',
        `Yardstick: instrument "${name}" in meter "${this.scope.name}" has unit ${JSON.stringify(unit)}, which is not an ASCII string of at most 63 characters; it is kept as given, but exporters and backends may reject or rewrite it.`,
      );
    }
    return unit;
  }

  /**
   * findIdentical returns an identical earlier registration, to be shared. A same-named one that
   * differs in kind, unit, description or value type is reported; both streams are exported.
   */
  private findIdentical(info: InstrumentInfo): Registration | undefined {
    const same = this.byName.get(info.name.toLowerCase());
    if (same === undefined) return undefined;
    for (const r of same) {
      const o = r.info;
      if (
        o.type === info.type &&
        o.unit === info.unit &&
        o.description === info.description &&
        o.valueType === info.valueType
      ) {
        if (o.name !== info.name) {
          this.context.reported.reportOnce(
            `case:${this.scope.name}:${info.name}`,
            'error',
            `Yardstick: instrument "${info.name}" differs from the registered "${o.name}" only in case; using "${o.name}".`,
          );
        }
        if (String(o.adviceBoundaries) !== String(info.adviceBoundaries)) {
          this.context.reported.reportOnce(
            `advice:${this.scope.name}:${info.name}`,
            'error',
            `Yardstick: instrument "${info.name}" was registered again with different advice; keeping the first.`,
          );
        }
        return r;
      }
    }
    const first = same[0] as Registration;
    const o = first.info;
    let hint: string;
    if (o.type === info.type && o.unit === info.unit && o.valueType === info.valueType) {
      hint = 'only the description differs; set the description with a View to merge them';
    } else if (o.type !== info.type) {
      hint = `kinds differ (${o.type} vs ${info.type}); a View with { instrumentName: "${info.name}", instrumentType: InstrumentType.${info.type}, name: "<new name>" } renames one`;
    } else {
      hint = `units or value types differ ("${o.unit}" vs "${info.unit}")`;
    }
    this.context.reported.reportOnce(
      `dup:${this.scope.name}:${info.name}:${info.type}:${info.unit}:${info.description}`,
      'warn',
      `Yardstick: instrument "${info.name}" in meter "${this.scope.name}" is registered twice with conflicting definitions: ${hint}. Both streams are exported.`,
    );
    return undefined;
  }

  /** streamsFor creates the instrument's streams for every reader and reports view conflicts. */
  private streamsFor(info: InstrumentInfo): MetricStream[][] {
    const streamsByReader = this.context.readers.map((ctx) => createStreams(info, ctx));
    streamsByReader.forEach((streams, readerIndex) => {
      for (const stream of streams) this.checkStreamIdentity(info, stream, readerIndex);
    });
    return streamsByReader;
  }

  /**
   * checkStreamIdentity warns when a view makes two streams of one reader share a name: both
   * are exported (as the spec says), but the backend sees two definitions of one metric.
   */
  private checkStreamIdentity(info: InstrumentInfo, stream: MetricStream, readerIndex: number): void {
    const key = `${readerIndex}\u0000${stream.descriptor.name.toLowerCase()}`;
    const earlier = this.streamOwners.get(key);
    if (earlier === undefined) {
      this.streamOwners.set(key, { info, renamed: stream.descriptor.name !== info.name });
      return;
    }
    const renamed = stream.descriptor.name !== info.name;
    // Two unrenamed streams of different registrations are a duplicate registration, reported by findIdentical.
    if (!renamed && !earlier.renamed && earlier.info !== info) return;
    this.context.reported.reportOnce(
      `view-conflict:${this.scope.name}:${key}:${info.name}`,
      'warn',
      `Yardstick: view conflict in meter "${this.scope.name}": the metric stream "${stream.descriptor.name}" is produced by instrument "${earlier.info.name}" and by instrument "${info.name}"${earlier.info === info ? ' (two matching views)' : ''}. Both are exported; give one of them another name in its View.`,
    );
  }

  private register(r: Registration): void {
    const key = r.info.name.toLowerCase();
    const list = this.byName.get(key);
    if (list) list.push(r);
    else this.byName.set(key, [r]);
    this.registrations.push(r);
  }

  /** @internal whether the meter holds observable instruments (to skip callback runs). */
  get hasObservables(): boolean {
    return this.registrations.some((r) => isObservable(r.info.type));
  }
}
