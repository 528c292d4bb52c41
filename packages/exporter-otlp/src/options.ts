/**
 * The public option and result types of OTLPMetricExporter (names follow
 * `@opentelemetry/exporter-metrics-otlp-http`).
 */
import type { AggregationTemporality } from '@yardstick/core';
import type { Env, OTLPProtocol } from './env.js';
import type { RetryOptions } from './retry.js';
import type { AggregationSelectorFn, AggregationTemporalityPreference } from './temporality.js';
import type { TlsOptions } from './transport.js';

/** ExportResult as `@opentelemetry/core` defines it (SUCCESS = 0, FAILED = 1). */
export interface ExportResult {
  code: 0 | 1;
  error?: Error;
}

/**
 * HeadersFactory supplies request headers per export, as in `@opentelemetry/otlp-exporter-base`
 * (where it returns a Promise; a plain object is accepted too). A throw or rejection drops the batch.
 */
export type HeadersFactory = () => Record<string, string> | Promise<Record<string, string>>;

/** Options of OTLPMetricExporter; names follow `@opentelemetry/exporter-metrics-otlp-http`. */
export interface OTLPMetricExporterOptions {
  /** Full metrics URL; default from env, else `http://localhost:4318/v1/metrics`. */
  url?: string;
  /**
   * Extra request headers (e.g. authorization), merged over the env headers: an object, or a
   * function called once per export (retries reuse its result) whose result is merged the same way.
   *
   * @example
   * headers: async () => ({ authorization: `Bearer ${await tokens.current()}` })
   */
  headers?: Record<string, string> | HeadersFactory;
  /** Limit of one export including retries; default 10000 ms. */
  timeoutMillis?: number;
  /** `gzip` or `none` (default). */
  compression?: 'gzip' | 'none';
  /** `http/protobuf` (default) or `http/json`. */
  protocol?: OTLPProtocol;
  /** `cumulative` (default), `delta`, `lowmemory`, or the OpenTelemetry JS enum values. */
  temporalityPreference?:
    | 'cumulative'
    | 'delta'
    | 'lowmemory'
    | AggregationTemporalityPreference
    | AggregationTemporality;
  /** Default aggregation per instrument kind; overrides `defaultHistogramAggregation`. */
  aggregationPreference?: AggregationSelectorFn;
  /** Histogram aggregation when no view says otherwise. */
  defaultHistogramAggregation?: 'explicit_bucket_histogram' | 'base2_exponential_bucket_histogram';
  /** Exports in flight at once; a batch beyond that is dropped (and counted). Default 30. */
  concurrencyLimit?: number;
  /** TLS material; default from the OTEL_EXPORTER_OTLP_*CERTIFICATE / CLIENT_* files. */
  tls?: TlsOptions;
  /** `ca`, `cert` and `key` are read from here too, for setups ported from OpenTelemetry JS. */
  httpAgentOptions?: TlsOptions;
  /** Backoff tuning. */
  retry?: RetryOptions;
  /** Environment to read; default `process.env`. Pass `{}` to ignore the environment. */
  env?: Env;
}

/**
 * What the exporter did over a span of time: since the previous `forceFlush()` in the report that
 * `forceFlush()` resolves with, since the exporter was created in `report()` and `total`.
 */
export interface OTLPExportReport {
  /** Batches accepted by the backend (HTTP 2xx). */
  exportedBatches: number;
  /** Data points accepted (sent in accepted batches, minus those rejected by a partial success). */
  exportedDataPoints: number;
  /** Data points that did not reach the backend: in dropped batches. */
  failedDataPoints: number;
  /** Batches that did not reach the backend: failed after retries, rejected, timed out, too large, over the concurrency limit, or after shutdown. */
  droppedBatches: number;
  /** Data points the backend rejected in a partial success. */
  rejectedDataPoints: number;
  /** Retries made (attempts beyond the first). */
  retries: number;
  /** Batches still in flight when the report was taken (0 unless forceFlush timed out). */
  pendingBatches: number;
  /** The last error, for a log line. */
  lastError?: string;
  /** True when nothing was dropped or rejected. */
  ok: boolean;
}

/** What `forceFlush()` resolves with: the counters since the previous forceFlush, and the totals. */
export interface OTLPFlushReport extends OTLPExportReport {
  /** The cumulative counters, since the exporter was created (what `report()` returns). */
  total: OTLPExportReport;
}

/**
 * ForceFlushResult resolves with the report; the intersection keeps the method assignable to
 * OpenTelemetry JS' `PushMetricExporter.forceFlush(): Promise<void>`, and `await` still gives the report.
 */
export type ForceFlushResult = Promise<OTLPFlushReport> & Promise<void>;
