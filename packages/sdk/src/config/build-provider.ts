import { readFileSync } from 'node:fs';
import type { ResourceLike } from '@yardstick/core';
import { report } from '../diag.js';
import type { PushMetricExporter } from '../exporter.js';
import { MeterProvider } from '../meter-provider.js';
import type { MetricReader } from '../metric-reader.js';
import {
  PeriodicExportingMetricReader,
  type CardinalityLimits as ReaderCardinalityLimits,
} from '../periodic-reader.js';
import type { ViewOptions } from '../view.js';
import { type Env, parseEnvConfig } from './env.js';
import { loadConfigFile } from './file.js';
import { type ModuleLoader, importOptional } from './load-module.js';
import type {
  CardinalityLimits,
  ExemplarFilterName,
  OtlpExporterConfig,
  PeriodicReaderConfig,
  PullReaderConfig,
  SdkConfig,
} from './model.js';
import { cardinalitySelector, withPreferences } from './preferences.js';
import { resourceFromConfig } from './resource.js';

export interface ResolvedConfig {
  config: SdkConfig;
  warnings: string[];
  /** `env`, or the path of the configuration file that was read. */
  source: string;
  /** True when the configuration came from a file (OTEL_CONFIG_FILE). */
  fromFile: boolean;
}

/**
 * configFromEnvironment resolves the SDK configuration the way `@yardstick/sdk/register` does:
 * the file named by OTEL_CONFIG_FILE when set (then the other variables are ignored, except
 * inside `${...}` substitutions), else the OTEL_* variables. Throws ConfigFileError for a bad file.
 */
export function configFromEnvironment(env: Env = process.env): ResolvedConfig {
  const fromEnv = parseEnvConfig(env);
  if (fromEnv.configFile === undefined)
    return { config: fromEnv.config, warnings: fromEnv.warnings, source: 'env', fromFile: false };
  const { config, warnings } = loadConfigFile(fromEnv.configFile, env);
  return { config, warnings, source: fromEnv.configFile, fromFile: true };
}

export interface CreateOptions {
  /** Resource given in code; wins over configured and detected attributes. */
  resource?: ResourceLike;
  /** Views given in code, added after the configured ones. */
  views?: ViewOptions[];
  /** Loads exporter packages; default: dynamic import from the SDK, the working directory or the main script. */
  loadModule?: ModuleLoader;
}

export interface ConfiguredMeterProvider {
  /** The provider; without readers when the configuration disables the SDK. */
  provider: MeterProvider;
  disabled: boolean;
  readers: MetricReader[];
  exemplarFilter: ExemplarFilterName;
  /** The longest export timeout among the readers: a bound for flushing on exit. */
  exportTimeoutMillis: number;
  /** Everything that was wrong but not fatal (already reported through diag). */
  warnings: string[];
}

const PACKAGES = {
  console: '@yardstick/exporter-console',
  otlp: '@yardstick/exporter-otlp',
  prometheus: '@yardstick/exporter-prometheus',
} as const;

/**
 * createMeterProviderFromConfig builds a MeterProvider from a configuration (from
 * configFromEnvironment, parseEnvConfig or loadConfigFile, or a configuration file path).
 * Exporter packages are loaded at runtime; a missing one is reported and skipped. Never throws
 * for a missing or failing exporter; throws ConfigFileError for an invalid file path argument.
 *
 * @example
 * const { provider } = await createMeterProviderFromConfig('otel.yaml');
 * metrics.setGlobalMeterProvider(provider);
 */
export async function createMeterProviderFromConfig(
  configOrPath: SdkConfig | string,
  options: CreateOptions = {},
): Promise<ConfiguredMeterProvider> {
  const warnings: string[] = [];
  let config: SdkConfig;
  if (typeof configOrPath === 'string') {
    const loaded = loadConfigFile(configOrPath);
    config = loaded.config;
    warnings.push(...loaded.warnings);
  } else {
    config = configOrPath;
  }
  const warn = (message: string) => {
    warnings.push(message);
    report('warn', `Yardstick: ${message}`);
  };
  const readers: MetricReader[] = [];
  let exportTimeoutMillis = 0;
  if (!config.disabled) {
    const load = options.loadModule ?? importOptional;
    for (const readerConfig of config.readers) {
      try {
        const reader =
          readerConfig.type === 'pull'
            ? await pullReader(readerConfig, load, warn)
            : await periodicReader(readerConfig, load, warn);
        if (reader === undefined) continue;
        readers.push(reader);
        if (readerConfig.type === 'periodic') {
          exportTimeoutMillis = Math.max(
            exportTimeoutMillis,
            Math.min(readerConfig.timeoutMillis, readerConfig.intervalMillis),
          );
        }
      } catch (error) {
        warn(`could not create the ${describe(readerConfig)} reader: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }
  const providerOptions = {
    resource: resourceFromConfig(config.resource, options.resource),
    views: [...config.views, ...(options.views ?? [])],
    readers,
    exemplarFilter: config.exemplarFilter,
  };
  const provider = new MeterProvider(providerOptions);
  return {
    provider,
    disabled: config.disabled,
    readers,
    exemplarFilter: config.exemplarFilter,
    exportTimeoutMillis: exportTimeoutMillis || 30_000,
    warnings,
  };
}

type Warn = (message: string) => void;

function describe(r: PeriodicReaderConfig | PullReaderConfig): string {
  return r.exporter.type;
}

/** loadExport imports `name` from an exporter package, or warns how to install it. */
async function loadExport(
  load: ModuleLoader,
  kind: keyof typeof PACKAGES,
  name: string,
  warn: Warn,
): Promise<(new (options: object) => unknown) | undefined> {
  const pkg = PACKAGES[kind];
  let mod: Record<string, unknown> | undefined;
  try {
    mod = await load(pkg);
  } catch (error) {
    warn(
      `OTEL_METRICS_EXPORTER=${kind}: ${pkg} failed to load (${(error as Error)?.message ?? String(error)}); skipping it.`,
    );
    return undefined;
  }
  if (mod === undefined) {
    warn(`OTEL_METRICS_EXPORTER=${kind} needs ${pkg} installed (npm install ${pkg}); continuing without it.`);
    return undefined;
  }
  const ctor = mod[name];
  if (typeof ctor !== 'function') {
    warn(`${pkg} does not export ${name}; continuing without the ${kind} exporter.`);
    return undefined;
  }
  return ctor as new (
    options: object,
  ) => unknown;
}

async function periodicReader(
  r: PeriodicReaderConfig,
  load: ModuleLoader,
  warn: Warn,
): Promise<MetricReader | undefined> {
  const e = r.exporter;
  let exporter: PushMetricExporter;
  if (e.type === 'console') {
    const Console = await loadExport(load, 'console', 'ConsoleMetricExporter', warn);
    if (!Console) return undefined;
    exporter = new Console(e.format ? { format: e.format } : {}) as PushMetricExporter;
  } else {
    const Otlp = await loadExport(load, 'otlp', 'OTLPMetricExporter', warn);
    if (!Otlp) return undefined;
    const options: Record<string, unknown> = {
      url: e.url,
      headers: e.headers,
      // OTEL_METRIC_EXPORT_TIMEOUT bounds the whole export: a longer request would outlive it,
      // gate the next export, and hold a finished app open past its shutdown bound.
      timeoutMillis: Math.min(e.timeoutMillis, r.timeoutMillis, r.intervalMillis),
      compression: e.compression,
      // The exporter spells the env form; the file form has an underscore.
      temporalityPreference: e.temporalityPreference === 'low_memory' ? 'lowmemory' : e.temporalityPreference,
      defaultHistogramAggregation: e.defaultHistogramAggregation,
      protocol: e.protocol,
      // Everything is resolved here (and a config file must not be overridden by OTEL_* variables).
      env: {},
    };
    const tls = readTlsFiles(e, warn);
    if (tls) options.tls = tls;
    exporter = new Otlp(options) as PushMetricExporter;
  }
  return new PeriodicExportingMetricReader({
    exporter: withPreferences(exporter, e.temporalityPreference, e.defaultHistogramAggregation),
    exportIntervalMillis: r.intervalMillis,
    exportTimeoutMillis: Math.min(r.timeoutMillis, r.intervalMillis),
    cardinalityLimits: r.cardinalityLimits && readerLimits(r.cardinalityLimits),
  });
}

/** readerLimits renames the configuration file's limits to the reader option's (sdk-metrics) names. */
function readerLimits(l: CardinalityLimits): ReaderCardinalityLimits {
  return {
    default: l.default,
    counter: l.counter,
    gauge: l.gauge,
    histogram: l.histogram,
    upDownCounter: l.up_down_counter,
    observableCounter: l.observable_counter,
    observableGauge: l.observable_gauge,
    observableUpDownCounter: l.observable_up_down_counter,
  };
}

/** readTlsFiles loads the PEM files named by the configuration; an unreadable one is reported and left out. */
function readTlsFiles(e: OtlpExporterConfig, warn: Warn): Record<string, Buffer> | undefined {
  const files = [
    ['ca', e.certificateFile],
    ['cert', e.clientCertificateFile],
    ['key', e.clientKeyFile],
  ] as const;
  let tls: Record<string, Buffer> | undefined;
  for (const [key, file] of files) {
    if (file === undefined) continue;
    try {
      tls ??= {};
      tls[key] = readFileSync(file);
    } catch (error) {
      warn(`OTLP exporter: cannot read ${file} (${(error as Error).message}); connecting without it.`);
    }
  }
  return tls;
}

async function pullReader(r: PullReaderConfig, load: ModuleLoader, warn: Warn): Promise<MetricReader | undefined> {
  const Prometheus = await loadExport(load, 'prometheus', 'PrometheusExporter', warn);
  if (!Prometheus) return undefined;
  const { type: _type, ...options } = r.exporter;
  // The Prometheus exporter takes a reader's `cardinalitySelector` option like any MetricReader.
  return new Prometheus({
    ...options,
    ...(r.cardinalityLimits && { cardinalitySelector: cardinalitySelector(r.cardinalityLimits) }),
  }) as MetricReader;
}
