/**
 * OTLPMetricExporter: a PushMetricExporter sending OTLP/HTTP (protobuf or JSON) with retries.
 * Usable by `@yardstick/sdk`'s and by `@opentelemetry/sdk-metrics`' PeriodicExportingMetricReader.
 * Every batch ends in exactly one counter (exported or dropped) and every drop is reported.
 */
import { diag } from '@opentelemetry/api';
import { type AggregationOption, type AggregationTemporality, type ResourceMetrics, pointCount } from '@yardstick/core';
import { ProtobufMetricsEncoder } from './encoder.js';
import { DEFAULT_METRICS_URL, DEFAULT_TIMEOUT_MILLIS, otlpExporterOptionsFromEnv } from './env.js';
import type {
  ExportResult,
  ForceFlushResult,
  HeadersFactory,
  OTLPExportReport,
  OTLPFlushReport,
  OTLPMetricExporterOptions,
} from './options.js';
import { type ResolvedRetryPolicy, backoffMillis, resolveRetryPolicy } from './retry.js';
import { JsonMetricsSerializer, type MetricsSerializer, ProtobufMetricsSerializer } from './serializers.js';
import {
  type AggregationSelectorFn,
  type InstrumentKind,
  type TemporalitySelector,
  aggregationSelectorFor,
  temporalitySelectorFor,
} from './temporality.js';
import { type AttemptResult, HttpTransport, OTLPExporterError, type TlsOptions } from './transport.js';
import { VERSION } from './version.js';

const SUCCESS = 0;
const FAILED = 1;

/**
 * OTLPMetricExporter pushes metrics to an OpenTelemetry collector or any OTLP/HTTP backend.
 *
 * @example
 * const exporter = new OTLPMetricExporter({ url: 'http://collector:4318/v1/metrics' });
 * const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 10_000 });
 * const provider = new MeterProvider({ readers: [reader] });
 * // at the end of a short-lived job:
 * await provider.forceFlush();
 * const report = await exporter.forceFlush();
 * if (!report.ok) console.error('metrics lost', report);
 */
export class OTLPMetricExporter {
  private readonly transport: HttpTransport;
  private readonly serializer: MetricsSerializer;
  /** Protobuf only: encodes into a buffer kept between exports (no large allocation per export). */
  private readonly encoder: ProtobufMetricsEncoder | undefined;
  private encoderBusy = false;
  private readonly timeoutMillis: number;
  private readonly concurrencyLimit: number;
  private readonly retryPolicy: ResolvedRetryPolicy;
  private readonly temporalitySelector: TemporalitySelector;
  private readonly aggregationSelector: AggregationSelectorFn;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly headersFactory: HeadersFactory | undefined;
  private isShutdown = false;
  /** Cumulative counters since the exporter was created. */
  private readonly counts: Counts = zeroCounts();
  private lastError: string | undefined;
  /** The counters when the previous forceFlush resolved, and that flush's interval report. */
  private mark: Counts = zeroCounts();
  private previousFlush: OTLPExportReport | undefined;
  /** The last error since the previous forceFlush. */
  private intervalError: string | undefined;

  constructor(options: OTLPMetricExporterOptions = {}) {
    const env = otlpExporterOptionsFromEnv(options.env ?? process.env);
    const protocol = options.protocol ?? env.protocol ?? 'http/protobuf';
    this.serializer = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
    this.encoder = protocol === 'http/json' ? undefined : new ProtobufMetricsEncoder();
    const timeout = options.timeoutMillis ?? env.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    this.timeoutMillis = timeout > 0 && Number.isFinite(timeout) ? timeout : DEFAULT_TIMEOUT_MILLIS;
    this.concurrencyLimit = Math.max(1, options.concurrencyLimit ?? 30);
    this.retryPolicy = resolveRetryPolicy(options.retry);
    this.temporalitySelector = temporalitySelectorFor(options.temporalityPreference ?? env.temporalityPreference);
    this.aggregationSelector =
      options.aggregationPreference ??
      aggregationSelectorFor(options.defaultHistogramAggregation ?? env.defaultHistogramAggregation);
    const agent = options.httpAgentOptions;
    const tls: TlsOptions = { ...env.tls };
    for (const source of [agent, options.tls]) {
      if (source === undefined) continue;
      for (const key of ['ca', 'cert', 'key', 'rejectUnauthorized'] as const) {
        if (source[key] !== undefined) (tls as Record<string, unknown>)[key] = source[key];
      }
    }
    this.headersFactory = typeof options.headers === 'function' ? options.headers : undefined;
    this.transport = new HttpTransport({
      url: options.url ?? env.url ?? DEFAULT_METRICS_URL,
      headers: typeof options.headers === 'function' ? { ...env.headers } : { ...env.headers, ...options.headers },
      contentType: protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
      compression: options.compression ?? env.compression ?? 'none',
      userAgent: `Yardstick-OTLP-Exporter-JavaScript/${VERSION}`,
      tls,
    });
  }

  /** The URL exports are sent to. */
  get url(): string {
    return this.transport.url;
  }

  /** export encodes `metrics` now (the snapshot may be reused after this call) and sends it. */
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    let points = 0;
    try {
      points = countDataPoints(metrics);
      if (this.isShutdown) {
        resultCallback(this.drop(points, new Error('exporter is shut down')));
        return;
      }
      if (points === 0) {
        // OTLP: do not send empty envelopes; nothing is lost.
        resultCallback({ code: SUCCESS });
        return;
      }
      if (this.inFlight.size >= this.concurrencyLimit) {
        resultCallback(this.drop(points, new Error(`${this.concurrencyLimit} exports already in flight`)));
        return;
      }
      // The reusable encoder buffer serves one export at a time; a concurrent one gets fresh bytes.
      const reuse = this.encoder !== undefined && !this.encoderBusy;
      const body = reuse ? this.encoder?.encode(metrics) : this.serializer.serializeRequest(metrics);
      if (body === undefined) {
        resultCallback(this.drop(points, new Error('serializer produced no request')));
        return;
      }
      if (reuse) this.encoderBusy = true;
      const task = this.send(body, points)
        .finally(() => {
          if (reuse) this.encoderBusy = false;
        })
        .then(resultCallback)
        .catch((err) => diag.error(`Yardstick OTLP: export result callback threw: ${String(err)}`));
      const tracked = task.finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
    } catch (err) {
      resultCallback(this.drop(points, err instanceof Error ? err : new Error(String(err))));
    }
  }

  private async send(raw: Uint8Array, points: number): Promise<ExportResult> {
    const deadline = Date.now() + this.timeoutMillis;
    try {
      const prepared = await this.transport.prepareBody(raw);
      if (!(prepared instanceof Uint8Array)) return this.drop(points, (prepared as { error: Error }).error);
      const headers = await this.factoryHeaders();
      if (headers instanceof Error) return this.drop(points, headers);
      let result: AttemptResult | undefined;
      for (let attempt = 1; ; attempt++) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          return this.drop(
            points,
            new OTLPExporterError(`export timed out after ${this.timeoutMillis} ms`, undefined, lastMessage(result)),
          );
        }
        result = await this.transport.send(prepared, remaining, headers);
        if (result.kind === 'success') return this.accepted(result.body, points);
        if (result.kind === 'failure') {
          if (result.timedOut) {
            return this.drop(points, new OTLPExporterError(`export timed out after ${this.timeoutMillis} ms`));
          }
          return this.drop(points, result.error);
        }
        if (attempt >= this.retryPolicy.maxAttempts) {
          return this.drop(
            points,
            new OTLPExporterError(`giving up after ${attempt} attempts: ${result.error.message}`),
          );
        }
        const delay = result.retryAfterMillis ?? backoffMillis(attempt, this.retryPolicy);
        if (Date.now() + delay >= deadline) {
          return this.drop(
            points,
            new OTLPExporterError(
              `${result.error.message}; next retry in ${delay} ms would pass the ${this.timeoutMillis} ms export timeout`,
            ),
          );
        }
        this.counts.retries++;
        await sleep(delay);
      }
    } catch (err) {
      return this.drop(points, err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** factoryHeaders runs the headers factory, if any; its values are never put into messages. */
  private async factoryHeaders(): Promise<Record<string, string> | undefined | Error> {
    if (this.headersFactory === undefined) return undefined;
    try {
      const extra = await this.headersFactory();
      if (extra === null || typeof extra !== 'object') {
        return new OTLPExporterError('headers factory did not return an object');
      }
      return this.transport.headersWith(extra);
    } catch (err) {
      return new OTLPExporterError(`headers factory failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private accepted(body: Uint8Array, points: number): ExportResult {
    let rejected = 0;
    if (body.length > 0) {
      try {
        const partial = this.serializer.deserializeResponse(body).partialSuccess;
        if (partial !== undefined) {
          rejected = Math.max(0, Math.min(points, Number(partial.rejectedDataPoints ?? 0) || 0));
          if (rejected > 0 || partial.errorMessage) {
            const msg = `Yardstick OTLP: partial success: ${rejected} of ${points} data points rejected${partial.errorMessage ? `: ${partial.errorMessage}` : ''}`;
            if (rejected > 0) {
              diag.warn(msg);
              this.lastError = msg;
              this.intervalError = msg;
            } else diag.info(msg);
          }
        }
      } catch (err) {
        diag.debug(`Yardstick OTLP: could not decode the export response: ${(err as Error).message}`);
      }
    }
    this.counts.exportedBatches++;
    this.counts.exportedDataPoints += points - rejected;
    this.counts.rejectedDataPoints += rejected;
    return { code: SUCCESS };
  }

  private drop(points: number, error: Error): ExportResult {
    this.counts.droppedBatches++;
    this.counts.failedDataPoints += points;
    this.lastError = error.message;
    this.intervalError = error.message;
    diag.error(`Yardstick OTLP: dropped a batch of ${points} data points: ${error.message}`);
    return { code: FAILED, error };
  }

  /** report returns the cumulative counters (since the exporter was created) now, without waiting. */
  report(): OTLPExportReport {
    return this.reportOf({ ...this.counts }, this.lastError);
  }

  /**
   * forceFlush waits for the exports in flight, then resolves with what happened since the
   * previous forceFlush (`total` has the cumulative counters). When nothing happened since then,
   * it repeats the previous flush's report: `provider.forceFlush()` already flushes the exporter
   * through its reader, and a second `exporter.forceFlush()` should still say what that did.
   * Never rejects.
   */
  forceFlush(): ForceFlushResult {
    return this.flushed() as ForceFlushResult;
  }

  private async flushed(): Promise<OTLPFlushReport> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const total = this.report();
    const now: Counts = { ...this.counts };
    if (this.previousFlush !== undefined && sameCounts(now, this.mark)) {
      return { ...this.previousFlush, pendingBatches: this.inFlight.size, total };
    }
    const delta = zeroCounts();
    for (const key of COUNT_KEYS) delta[key] = now[key] - this.mark[key];
    const interval = this.reportOf(delta, this.intervalError);
    this.mark = now;
    this.previousFlush = interval;
    this.intervalError = undefined;
    return { ...interval, total };
  }

  private reportOf(c: Counts, lastError: string | undefined): OTLPExportReport {
    return {
      ...c,
      pendingBatches: this.inFlight.size,
      ...(lastError !== undefined ? { lastError } : {}),
      ok: c.droppedBatches === 0 && c.rejectedDataPoints === 0,
    };
  }

  /** shutdown refuses new batches, waits for those in flight and closes the connections. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await this.forceFlush();
    await this.transport.close().catch(() => undefined);
  }

  /** selectAggregationTemporality applies the temporality preference (SPEC-NOTES §3). */
  selectAggregationTemporality(instrumentType: InstrumentKind): AggregationTemporality {
    return this.temporalitySelector(instrumentType);
  }

  /** selectAggregation applies the aggregation preference (default histogram aggregation). */
  selectAggregation(instrumentType: InstrumentKind): AggregationOption {
    return this.aggregationSelector(instrumentType);
  }
}

/** The counters behind the reports (the report's numbers, without what is in flight). */
type Counts = Omit<OTLPExportReport, 'pendingBatches' | 'lastError' | 'ok'>;

const COUNT_KEYS = [
  'exportedBatches',
  'exportedDataPoints',
  'failedDataPoints',
  'droppedBatches',
  'rejectedDataPoints',
  'retries',
] as const satisfies ReadonlyArray<keyof Counts>;

function zeroCounts(): Counts {
  return Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Counts;
}

function sameCounts(a: Counts, b: Counts): boolean {
  return COUNT_KEYS.every((key) => a[key] === b[key]);
}

function lastMessage(result: AttemptResult | undefined): string | undefined {
  return result !== undefined && result.kind !== 'success' ? result.error.message : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** countDataPoints counts the points of a ResourceMetrics. */
export function countDataPoints(rm: ResourceMetrics): number {
  let n = 0;
  for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += pointCount(m);
  return n;
}
