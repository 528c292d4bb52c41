/**
 * The SDK configuration model: what the environment (env.ts) and a configuration file
 * (file.ts) are both turned into, and what build-provider.ts turns into a MeterProvider.
 * Plain data (views excepted), so a test can compare it with `toEqual`.
 */
import type { Attributes } from '@yardstick/core';
import type { ViewOptions } from '../view.js';
import type { LogLevelName } from './stderr-diag.js';

export type ExemplarFilterName = 'trace_based' | 'always_on' | 'always_off';
export type TemporalityPreference = 'cumulative' | 'delta' | 'low_memory';
export type HistogramAggregationPreference = 'explicit_bucket_histogram' | 'base2_exponential_bucket_histogram';
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export type DetectorName = 'process' | 'host' | 'service';

/** The longest delay a Node timer supports; stands for "no limit" (a timeout of 0 in the spec). */
export const NO_TIMEOUT = 2_147_483_647;

export const DEFAULT_EXPORT_INTERVAL = 60_000;
export const DEFAULT_EXPORT_TIMEOUT = 30_000;
export const DEFAULT_OTLP_TIMEOUT = 10_000;
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318/v1/metrics';
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';
export const DEFAULT_PROMETHEUS_HOST = 'localhost';
export const DEFAULT_PROMETHEUS_PORT = 9464;

/** Options for the OTLP exporter, named as `@yardstick/exporter-otlp`'s OTLPMetricExporter takes them. */
export interface OtlpExporterConfig {
  type: 'otlp';
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  /** Per export; NO_TIMEOUT when configured as 0. */
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  temporalityPreference: TemporalityPreference;
  defaultHistogramAggregation: HistogramAggregationPreference;
  certificateFile?: string;
  clientKeyFile?: string;
  clientCertificateFile?: string;
  insecure?: boolean;
}

/** How the console exporter prints: aligned tables for people, or one JSON object per line for tools. */
export type ConsoleFormat = 'table' | 'json';

export interface ConsoleExporterConfig {
  type: 'console';
  /** Yardstick extension (YAML `console.format`, env OTEL_EXPORTER_CONSOLE_FORMAT); default table. */
  format?: ConsoleFormat;
  temporalityPreference?: TemporalityPreference;
  defaultHistogramAggregation?: HistogramAggregationPreference;
}

/** Options for `@yardstick/exporter-prometheus`' PrometheusExporter (a pull reader). */
export interface PrometheusExporterConfig {
  type: 'prometheus';
  host: string;
  port: number;
  withoutScopeInfo?: boolean;
  withoutUnits?: boolean;
  withoutTypeSuffix?: boolean;
  withResourceConstantLabels?: { included?: string[]; excluded?: string[] };
  translationStrategy?: string;
}

/** Default cardinality limit per instrument kind (keys as in the configuration file). */
export interface CardinalityLimits {
  default?: number;
  counter?: number;
  gauge?: number;
  histogram?: number;
  observable_counter?: number;
  observable_gauge?: number;
  observable_up_down_counter?: number;
  up_down_counter?: number;
}

export interface PeriodicReaderConfig {
  type: 'periodic';
  intervalMillis: number;
  timeoutMillis: number;
  exporter: OtlpExporterConfig | ConsoleExporterConfig;
  cardinalityLimits?: CardinalityLimits;
}

export interface PullReaderConfig {
  type: 'pull';
  exporter: PrometheusExporterConfig;
  cardinalityLimits?: CardinalityLimits;
}

export type ReaderConfig = PeriodicReaderConfig | PullReaderConfig;

export interface ResourceConfig {
  /** Attributes given by configuration; they win over detected ones. */
  attributes: Attributes;
  schemaUrl?: string;
  /** Detectors to run (process, host, service = service.instance.id). */
  detectors: DetectorName[];
  /** Wildcard patterns filtering detected attribute keys (configuration file only). */
  detectedAttributes?: { included?: string[]; excluded?: string[] };
}

/** SdkConfig is the resolved configuration of the metrics SDK. */
export interface SdkConfig {
  disabled: boolean;
  resource: ResourceConfig;
  readers: ReaderConfig[];
  views: ViewOptions[];
  /** Parsed and validated; exemplar sampling reads it once it lands in the SDK. */
  exemplarFilter: ExemplarFilterName;
  /**
   * The configuration file's `log_level`, as the level of the stderr diag logger that
   * `@yardstick/sdk/register` installs. Unset: the file's default (`info`); the environment
   * path uses OTEL_LOG_LEVEL instead.
   */
  logLevel?: LogLevelName;
}
