export { parseEnvConfig } from './env.js';
export type { Env, EnvConfigResult, MetricsExporterName } from './env.js';
export { ConfigFileError, loadConfigFile, parseConfigText } from './file.js';
export type { FileConfigResult } from './file.js';
export { configFromEnvironment, createMeterProviderFromConfig } from './build-provider.js';
export type { ConfiguredMeterProvider, CreateOptions, ResolvedConfig } from './build-provider.js';
export { hostDetector, processDetector, serviceInstanceDetector } from './detectors.js';
export type { ResourceDetector } from './detectors.js';
export { resourceFromConfig } from './resource.js';
export { importOptional } from './load-module.js';
export type { ModuleLoader } from './load-module.js';
export type {
  CardinalityLimits,
  ConsoleExporterConfig,
  ConsoleFormat,
  DetectorName,
  ExemplarFilterName,
  HistogramAggregationPreference,
  OtlpExporterConfig,
  OtlpProtocol,
  PeriodicReaderConfig,
  PrometheusExporterConfig,
  PullReaderConfig,
  ReaderConfig,
  ResourceConfig,
  SdkConfig,
  TemporalityPreference,
} from './model.js';
