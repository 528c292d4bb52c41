import { isIP } from 'node:net';
import type { Attributes } from '@yardstick/core';
import { type Env, EnvReader } from './env-values.js';
import { parseKeyValueList } from './key-value-list.js';
import {
  type ConsoleExporterConfig,
  type ConsoleFormat,
  DEFAULT_EXPORT_INTERVAL,
  DEFAULT_EXPORT_TIMEOUT,
  DEFAULT_OTLP_GRPC_ENDPOINT,
  DEFAULT_OTLP_HTTP_ENDPOINT,
  DEFAULT_OTLP_TIMEOUT,
  DEFAULT_PROMETHEUS_HOST,
  DEFAULT_PROMETHEUS_PORT,
  type ExemplarFilterName,
  type HistogramAggregationPreference,
  NO_TIMEOUT,
  type OtlpExporterConfig,
  type OtlpProtocol,
  type ReaderConfig,
  type SdkConfig,
} from './model.js';

export type { Env } from './env-values.js';

/** The exporter names OTEL_METRICS_EXPORTER accepts. */
export type MetricsExporterName = 'otlp' | 'prometheus' | 'console';

export interface EnvConfigResult {
  config: SdkConfig;
  /** One line per invalid value, naming the variable and the default used instead. */
  warnings: string[];
  /** OTEL_CONFIG_FILE: when set, the file replaces everything else here. */
  configFile?: string;
}

/**
 * parseEnvConfig reads the OpenTelemetry SDK environment variables from `env` (pure: no I/O, no
 * global state) and returns the configuration with the warnings for every invalid value.
 *
 * @example
 * const { config, warnings } = parseEnvConfig({ OTEL_METRICS_EXPORTER: 'console', OTEL_METRIC_EXPORT_INTERVAL: '5000' });
 */
export function parseEnvConfig(env: Env): EnvConfigResult {
  const r = new EnvReader(env);
  const disabled = r.boolean('OTEL_SDK_DISABLED');
  const attributes = resourceAttributes(r);
  const exporters = metricsExporters(r);
  const interval = r.duration('OTEL_METRIC_EXPORT_INTERVAL', DEFAULT_EXPORT_INTERVAL);
  let timeout = r.timeout('OTEL_METRIC_EXPORT_TIMEOUT', DEFAULT_EXPORT_TIMEOUT, NO_TIMEOUT);
  if (timeout > interval) {
    // The reader refuses a timeout longer than the interval (exports must not overlap).
    if (r.raw('OTEL_METRIC_EXPORT_TIMEOUT') !== undefined && timeout !== NO_TIMEOUT) {
      r.warnings.push(
        `OTEL_METRIC_EXPORT_TIMEOUT: ${timeout} ms is longer than the export interval; using ${interval} ms instead.`,
      );
    }
    timeout = interval;
  }
  const exemplarFilter = r.enumeration<ExemplarFilterName>(
    'OTEL_METRICS_EXEMPLAR_FILTER',
    ['trace_based', 'always_on', 'always_off'],
    'trace_based',
  );
  const readers: ReaderConfig[] = [];
  for (const name of exporters) {
    if (name === 'prometheus') {
      readers.push({
        type: 'pull',
        exporter: {
          type: 'prometheus',
          host: prometheusHost(r),
          port: r.integer('OTEL_EXPORTER_PROMETHEUS_PORT', DEFAULT_PROMETHEUS_PORT, 65_535),
        },
      });
    } else {
      const exporter = name === 'otlp' ? otlpFromEnv(r) : consoleFromEnv(r);
      readers.push({ type: 'periodic', intervalMillis: interval, timeoutMillis: timeout, exporter });
    }
  }
  const configFile = r.raw('OTEL_CONFIG_FILE');
  const config: SdkConfig = {
    disabled,
    resource: { attributes, detectors: ['process', 'host', 'service'] },
    readers,
    views: [],
    exemplarFilter,
  };
  return configFile === undefined ? { config, warnings: r.warnings } : { config, warnings: r.warnings, configFile };
}

/** OTEL_EXPORTER_CONSOLE_FORMAT (a Yardstick extension): `table` (default) or `json` lines. */
function consoleFromEnv(r: EnvReader): ConsoleExporterConfig {
  if (r.raw('OTEL_EXPORTER_CONSOLE_FORMAT') === undefined) return { type: 'console' };
  return {
    type: 'console',
    format: r.enumeration<ConsoleFormat>('OTEL_EXPORTER_CONSOLE_FORMAT', ['table', 'json'], 'table'),
  };
}

/**
 * OTEL_EXPORTER_PROMETHEUS_HOST: a host name or IP address to listen on. Only the common slips are
 * caught (a URL, a port, a path, spaces); anything else is left for listen() to report.
 */
function prometheusHost(r: EnvReader): string {
  const name = 'OTEL_EXPORTER_PROMETHEUS_HOST';
  const host = r.raw(name);
  if (host === undefined) return DEFAULT_PROMETHEUS_HOST;
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(unbracketed) === 6) return unbracketed;
  if (/^[A-Za-z0-9_.-]+$/.test(host)) return host;
  r.warn(name, host, 'expected a host name or IP address, without scheme, port or path', DEFAULT_PROMETHEUS_HOST);
  return DEFAULT_PROMETHEUS_HOST;
}

/** OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME over its service.name. */
function resourceAttributes(r: EnvReader): Attributes {
  const attributes: Attributes = {};
  const text = r.raw('OTEL_RESOURCE_ATTRIBUTES');
  if (text !== undefined) {
    const parsed = parseKeyValueList(text);
    if (parsed.ok) for (const [k, v] of parsed.pairs) attributes[k] = v;
    // The spec: any decoding error discards the whole value.
    else r.warnings.push(`OTEL_RESOURCE_ATTRIBUTES: ${parsed.error}; ignoring the whole value.`);
  }
  const serviceName = r.raw('OTEL_SERVICE_NAME');
  if (serviceName !== undefined) attributes['service.name'] = serviceName;
  return attributes;
}

const EXPORTER_NAMES = ['otlp', 'prometheus', 'console', 'none'];

/** OTEL_METRICS_EXPORTER: a comma list; unknown names are reported and skipped; `none` wins. */
function metricsExporters(r: EnvReader): MetricsExporterName[] {
  const text = r.raw('OTEL_METRICS_EXPORTER');
  if (text === undefined) return ['otlp'];
  const names: string[] = [];
  for (const part of text.split(',')) {
    let name = part.trim().toLowerCase();
    if (name === '') continue;
    if (name === 'logging') {
      r.warnings.push('OTEL_METRICS_EXPORTER: "logging" is deprecated; using "console" instead.');
      name = 'console';
    }
    if (!EXPORTER_NAMES.includes(name)) {
      r.warnings.push(
        `OTEL_METRICS_EXPORTER: unknown exporter ${JSON.stringify(part.trim())} (expected otlp, prometheus, console or none); ignoring it.`,
      );
      continue;
    }
    if (!names.includes(name)) names.push(name);
  }
  if (names.includes('none')) {
    if (names.length > 1) {
      r.warnings.push(`OTEL_METRICS_EXPORTER: "none" given together with other exporters; exporting nothing.`);
    }
    return [];
  }
  if (names.length === 0) {
    r.warnings.push(`OTEL_METRICS_EXPORTER: no valid exporter in ${JSON.stringify(text)}; using the default otlp.`);
    return ['otlp'];
  }
  return names as MetricsExporterName[];
}

/**
 * otlpFromEnv reads the OTLP exporter variables; the metrics-specific form of each variable
 * beats the generic one. The generic endpoint is a base URL that gets `v1/metrics` appended.
 */
export function otlpFromEnv(r: EnvReader): OtlpExporterConfig {
  const pick = <T>(read: (name: string) => T | undefined, suffix: string): T | undefined =>
    read(`OTEL_EXPORTER_OTLP_METRICS_${suffix}`) ?? read(`OTEL_EXPORTER_OTLP_${suffix}`);
  const has = (suffix: string) => r.raw(`OTEL_EXPORTER_OTLP_METRICS_${suffix}`) !== undefined;
  const protocols: OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
  const protocol = has('PROTOCOL')
    ? r.enumeration('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', protocols, 'http/protobuf')
    : r.enumeration('OTEL_EXPORTER_OTLP_PROTOCOL', protocols, 'http/protobuf');
  const url = otlpUrl(r, protocol);
  const headers = pick((n) => headersFrom(r, n), 'HEADERS') ?? {};
  const timeoutMillis = has('TIMEOUT')
    ? r.timeout('OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', DEFAULT_OTLP_TIMEOUT, NO_TIMEOUT)
    : r.timeout('OTEL_EXPORTER_OTLP_TIMEOUT', DEFAULT_OTLP_TIMEOUT, NO_TIMEOUT);
  const compression = has('COMPRESSION')
    ? r.enumeration('OTEL_EXPORTER_OTLP_METRICS_COMPRESSION', ['gzip', 'none'] as const, 'none')
    : r.enumeration('OTEL_EXPORTER_OTLP_COMPRESSION', ['gzip', 'none'] as const, 'none');
  const temporality = r.enumeration(
    'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
    ['cumulative', 'delta', 'lowmemory'] as const,
    'cumulative',
  );
  const defaultHistogramAggregation = r.enumeration<HistogramAggregationPreference>(
    'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
    ['explicit_bucket_histogram', 'base2_exponential_bucket_histogram'],
    'explicit_bucket_histogram',
  );
  const config: OtlpExporterConfig = {
    type: 'otlp',
    url,
    protocol,
    headers,
    timeoutMillis,
    compression,
    temporalityPreference: temporality === 'lowmemory' ? 'low_memory' : temporality,
    defaultHistogramAggregation,
  };
  const certificateFile = pick((n) => r.raw(n), 'CERTIFICATE');
  const clientKeyFile = pick((n) => r.raw(n), 'CLIENT_KEY');
  const clientCertificateFile = pick((n) => r.raw(n), 'CLIENT_CERTIFICATE');
  if (certificateFile) config.certificateFile = certificateFile;
  if (clientKeyFile) config.clientKeyFile = clientKeyFile;
  if (clientCertificateFile) config.clientCertificateFile = clientCertificateFile;
  if (has('INSECURE') || r.raw('OTEL_EXPORTER_OTLP_INSECURE') !== undefined) {
    config.insecure = has('INSECURE')
      ? r.boolean('OTEL_EXPORTER_OTLP_METRICS_INSECURE')
      : r.boolean('OTEL_EXPORTER_OTLP_INSECURE');
  }
  return config;
}

function otlpUrl(r: EnvReader, protocol: OtlpProtocol): string {
  const specific = r.url('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  // Used as is: new URL only turns an empty path into "/".
  if (specific !== undefined) return new URL(specific).href;
  const base = r.url('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (protocol === 'grpc') return base ?? DEFAULT_OTLP_GRPC_ENDPOINT;
  if (base === undefined) return DEFAULT_OTLP_HTTP_ENDPOINT;
  return `${base.endsWith('/') ? base : `${base}/`}v1/metrics`;
}

function headersFrom(r: EnvReader, name: string): Record<string, string> | undefined {
  const text = r.raw(name);
  if (text === undefined) return undefined;
  const parsed = parseKeyValueList(text);
  if (!parsed.ok) {
    r.warnings.push(`${name}: ${parsed.error}; sending no headers from it.`);
    return undefined;
  }
  return Object.fromEntries(parsed.pairs);
}
