export { MeterProvider } from './meter-provider.js';
export type { MeterProviderOptions } from './meter-provider.js';
export { Meter } from './meter.js';
// `Histogram` is the point value type, as in sdk-metrics; the instrument class is `HistogramInstrument`.
export { Counter, Gauge, Histogram as HistogramInstrument, UpDownCounter } from './instruments.js';
export type { BoundCounter, BoundRecorder, ExemplarFilter } from './instruments.js';
export { ObservableInstrument } from './observable.js';
export {
  DEFAULT_AGGREGATION_SELECTOR,
  DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR,
  DEFAULT_CARDINALITY_LIMIT,
  MetricReader,
} from './metric-reader.js';
export type {
  AggregationSelector,
  AggregationTemporalitySelector,
  CardinalitySelector,
  IMetricReader,
  MetricProducer,
  MetricReaderOptions,
} from './metric-reader.js';
export { ManualMetricReader } from './manual-reader.js';
export { PeriodicExportingMetricReader } from './periodic-reader.js';
export type { CardinalityLimits, PeriodicExportingMetricReaderOptions } from './periodic-reader.js';
export { InMemoryMetricExporter } from './in-memory-exporter.js';
export { ExportResultCode } from './exporter.js';
export type { ExportResult, PushMetricExporter } from './exporter.js';
export { Resource, defaultResource, emptyResource, resourceFromAttributes } from './resource.js';
export { View } from './view.js';
export type { ViewOptions } from './view.js';
export { createAllowListAttributesProcessor, createDenyListAttributesProcessor } from './attributes-processor.js';
export type { IAttributesProcessor } from './attributes-processor.js';
export { TimeoutError } from './types.js';
export type { CollectionOptions, ForceFlushOptions, MetricCollectOptions, ShutdownOptions } from './types.js';
export type { Histogram, LastValue, Sum } from './point-values.js';
export {
  AggregationTemporality,
  DEFAULT_HISTOGRAM_BOUNDARIES,
  DEFAULT_SECONDS_BOUNDARIES,
  AggregationType,
  DataPointType,
  InstrumentType,
} from '@yardstick/core';
export type {
  AggregationOption,
  CollectionResult,
  DataPoint,
  ExponentialHistogram,
  ExponentialHistogramMetricData,
  GaugeMetricData,
  Histogram as HistogramValue,
  HistogramMetricData,
  MetricData,
  MetricDescriptor,
  ResourceMetrics,
  ScopeMetrics,
  SumMetricData,
} from '@yardstick/core';
export {
  ConfigFileError,
  configFromEnvironment,
  createMeterProviderFromConfig,
  hostDetector,
  loadConfigFile,
  parseConfigText,
  parseEnvConfig,
  processDetector,
  resourceFromConfig,
  serviceInstanceDetector,
} from './config/index.js';
export type {
  ConfiguredMeterProvider,
  CreateOptions,
  EnvConfigResult,
  FileConfigResult,
  ModuleLoader,
  ReaderConfig,
  ResourceDetector,
  SdkConfig,
} from './config/index.js';
