export { MeterProvider } from './meter-provider.js';
export type { MeterProviderOptions } from './meter-provider.js';
export { Meter } from './meter.js';
export { Counter, Gauge, Histogram, UpDownCounter } from './instruments.js';
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
  MetricProducer,
  MetricReaderOptions,
} from './metric-reader.js';
export { ManualMetricReader } from './manual-reader.js';
export { PeriodicExportingMetricReader } from './periodic-reader.js';
export type { PeriodicExportingMetricReaderOptions } from './periodic-reader.js';
export { InMemoryMetricExporter } from './in-memory-exporter.js';
export { ExportResultCode } from './exporter.js';
export type { ExportResult, PushMetricExporter } from './exporter.js';
export { Resource, defaultResource, emptyResource, resourceFromAttributes } from './resource.js';
export { View } from './view.js';
export type { ViewOptions } from './view.js';
export { createAllowListAttributesProcessor, createDenyListAttributesProcessor } from './attributes-processor.js';
export type { IAttributesProcessor } from './attributes-processor.js';
export { TimeoutError } from './types.js';
export type { CollectionOptions, ForceFlushOptions, ShutdownOptions } from './types.js';
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
  Histogram as HistogramValue,
  MetricData,
  MetricDescriptor,
  ResourceMetrics,
  ScopeMetrics,
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
