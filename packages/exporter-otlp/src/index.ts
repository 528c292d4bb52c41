export { OTLPMetricExporter, countDataPoints } from './exporter.js';
export type {
  ExportResult,
  ForceFlushResult,
  HeadersFactory,
  OTLPExportReport,
  OTLPFlushReport,
  OTLPMetricExporterOptions,
} from './options.js';
export { JsonMetricsSerializer, ProtobufMetricsSerializer } from './serializers.js';
export { ProtobufMetricsEncoder } from './encoder.js';
export type { ISerializer, MetricsSerializer } from './serializers.js';
export type { IExportMetricsPartialSuccess, IExportMetricsServiceResponse } from './proto-response.js';
export {
  DEFAULT_METRICS_URL,
  DEFAULT_TIMEOUT_MILLIS,
  appendMetricsPath,
  otlpExporterOptionsFromEnv,
} from './env.js';
export type {
  CompressionOption,
  Env,
  HistogramAggregationOption,
  OTLPEnvOptions,
  OTLPProtocol,
  TemporalityPreferenceOption,
} from './env.js';
export { AggregationTemporalityPreference, aggregationSelectorFor, temporalitySelectorFor } from './temporality.js';
export type { InstrumentKind } from './temporality.js';
export { DEFAULT_RETRY, backoffMillis, parseRetryAfter } from './retry.js';
export type { RetryOptions } from './retry.js';
export { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, OTLPExporterError } from './transport.js';
export type { TlsOptions } from './transport.js';
export { VERSION } from './version.js';
