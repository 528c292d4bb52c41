/**
 * OTLP metric exporter configuration from `OTEL_EXPORTER_OTLP_METRICS_*` and
 * `OTEL_EXPORTER_OTLP_*`: the per-signal variable wins; the generic endpoint is a base URL that
 * gets `v1/metrics` appended. An invalid value is reported through `diag` (naming the variable
 * and the default used, never the value of a header; endpoints only with credentials and query
 * masked) and ignored.
 */
import { readFileSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import type { TlsOptions } from './transport.js';
import { redactUrl } from './url-credentials.js';

/** Environment variables as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

export type OTLPProtocol = 'http/protobuf' | 'http/json';
export type CompressionOption = 'gzip' | 'none';
export type TemporalityPreferenceOption = 'cumulative' | 'delta' | 'lowmemory';
export type HistogramAggregationOption = 'explicit_bucket_histogram' | 'base2_exponential_bucket_histogram';

/** The options `otlpExporterOptionsFromEnv` can produce (only those whose variables are set). */
export interface OTLPEnvOptions {
  url?: string;
  protocol?: OTLPProtocol;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  compression?: CompressionOption;
  temporalityPreference?: TemporalityPreferenceOption;
  defaultHistogramAggregation?: HistogramAggregationOption;
  tls?: TlsOptions;
}

export const DEFAULT_METRICS_URL = 'http://localhost:4318/v1/metrics';
export const DEFAULT_TIMEOUT_MILLIS = 10_000;

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Per-signal first, then generic: returns the variable name used and its value. */
function pick(env: Env, suffix: string): [string, string] | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_METRICS_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`]) {
    const v = read(env, name);
    if (v !== undefined) return [name, v];
  }
  return undefined;
}

function warnInvalid(name: string, shown: string, fallback: string): void {
  diag.warn(`Yardstick OTLP: ignoring invalid ${name}=${shown}; using ${fallback}`);
}

/**
 * metricsUrlFromEnv applies the OTLP/HTTP endpoint rule: the per-signal endpoint as is (an empty
 * path becomes `/`), else the generic endpoint with `v1/metrics` appended after a `/`.
 */
export function metricsUrlFromEnv(env: Env): string | undefined {
  const specific = read(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  if (specific !== undefined) {
    const url = parseHttpUrl(specific);
    if (url !== undefined) return url.href;
    warnInvalid(
      'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
      JSON.stringify(redactUrl(specific)),
      'the generic or default endpoint',
    );
  }
  const generic = read(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (generic !== undefined) {
    if (parseHttpUrl(generic) !== undefined) return appendMetricsPath(generic);
    warnInvalid('OTEL_EXPORTER_OTLP_ENDPOINT', JSON.stringify(redactUrl(generic)), DEFAULT_METRICS_URL);
  }
  return undefined;
}

/** appendMetricsPath turns a base endpoint into the metrics URL (`…/` + `v1/metrics`). */
export function appendMetricsPath(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.pathname += 'v1/metrics';
  return url.href;
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * parseHeaders reads a W3C-baggage-like `k1=v1,k2=v2` list with percent-encoded keys and values.
 * Malformed entries are skipped and reported by position, never by value.
 */
export function parseHeaders(text: string, variable: string): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = text.split(',');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i].trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    try {
      if (eq <= 0) throw new Error('missing key or "="');
      const key = decodeURIComponent(entry.slice(0, eq).trim());
      const value = decodeURIComponent(entry.slice(eq + 1).trim());
      if (key === '' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) throw new Error('invalid header name');
      out[key.toLowerCase()] = value;
    } catch (err) {
      diag.warn(`Yardstick OTLP: ignoring entry ${i + 1} of ${variable} (${(err as Error).message}); value not shown`);
    }
  }
  return out;
}

function readPem(env: Env, suffix: string): Buffer | undefined {
  const found = pick(env, suffix);
  if (found === undefined) return undefined;
  try {
    return readFileSync(found[1]);
  } catch (err) {
    diag.warn(
      `Yardstick OTLP: cannot read the file named by ${found[0]} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); continuing without it`,
    );
    return undefined;
  }
}

/**
 * otlpExporterOptionsFromEnv reads the OTLP metric exporter variables from `env` (default
 * `process.env`) and returns the options they set. Explicit options given in code take
 * precedence over these when both are used by `OTLPMetricExporter`.
 *
 * @example
 * const options = otlpExporterOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
 * // options.url === 'http://collector:4318/v1/metrics'
 */
export function otlpExporterOptionsFromEnv(env: Env = process.env): OTLPEnvOptions {
  const out: OTLPEnvOptions = {};
  const url = metricsUrlFromEnv(env);
  if (url !== undefined) out.url = url;

  const protocol = pick(env, 'PROTOCOL');
  if (protocol !== undefined) {
    const p = protocol[1].toLowerCase();
    if (p === 'http/protobuf' || p === 'http/json') out.protocol = p;
    else
      warnInvalid(protocol[0], JSON.stringify(protocol[1]), 'http/protobuf (grpc is not supported by this exporter)');
  }

  const generic = read(env, 'OTEL_EXPORTER_OTLP_HEADERS');
  const specific = read(env, 'OTEL_EXPORTER_OTLP_METRICS_HEADERS');
  if (generic !== undefined || specific !== undefined) {
    out.headers = {
      ...(generic !== undefined ? parseHeaders(generic, 'OTEL_EXPORTER_OTLP_HEADERS') : {}),
      ...(specific !== undefined ? parseHeaders(specific, 'OTEL_EXPORTER_OTLP_METRICS_HEADERS') : {}),
    };
  }

  const timeout = pick(env, 'TIMEOUT');
  if (timeout !== undefined) {
    const ms = Number(timeout[1]);
    if (/^\d+$/.test(timeout[1]) && ms > 0) out.timeoutMillis = ms;
    else warnInvalid(timeout[0], JSON.stringify(timeout[1]), `${DEFAULT_TIMEOUT_MILLIS} ms`);
  }

  const compression = pick(env, 'COMPRESSION');
  if (compression !== undefined) {
    const c = compression[1].toLowerCase();
    if (c === 'gzip' || c === 'none') out.compression = c;
    else warnInvalid(compression[0], JSON.stringify(compression[1]), 'none');
  }

  const temporality = read(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE');
  if (temporality !== undefined) {
    const t = temporality.toLowerCase();
    if (t === 'cumulative' || t === 'delta' || t === 'lowmemory') out.temporalityPreference = t;
    else warnInvalid('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', JSON.stringify(temporality), 'cumulative');
  }

  const histogram = read(env, 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION');
  if (histogram !== undefined) {
    const h = histogram.toLowerCase();
    if (h === 'explicit_bucket_histogram' || h === 'base2_exponential_bucket_histogram') {
      out.defaultHistogramAggregation = h;
    } else {
      warnInvalid(
        'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
        JSON.stringify(histogram),
        'explicit_bucket_histogram',
      );
    }
  }

  const ca = readPem(env, 'CERTIFICATE');
  const key = readPem(env, 'CLIENT_KEY');
  const cert = readPem(env, 'CLIENT_CERTIFICATE');
  if (ca !== undefined || key !== undefined || cert !== undefined) {
    out.tls = {};
    if (ca !== undefined) out.tls.ca = ca;
    if (key !== undefined) out.tls.key = key;
    if (cert !== undefined) out.tls.cert = cert;
  }
  return out;
}
