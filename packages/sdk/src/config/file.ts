import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type AggregationOption,
  AggregationType,
  type Attributes,
  DEFAULT_HISTOGRAM_BOUNDARIES,
  InstrumentType,
} from '@yardstick/core';
import { parseDocument } from 'yaml';
import type { IAttributesProcessor } from '../attributes-processor.js';
import { View, type ViewOptions } from '../view.js';
import { Checker, type Obj } from './checker.js';
import type { Env } from './env-values.js';
import { isHttpUrl } from './env-values.js';
import { parseKeyValueList } from './key-value-list.js';
import {
  type CardinalityLimits,
  type ConsoleExporterConfig,
  type ConsoleFormat,
  DEFAULT_EXPORT_INTERVAL,
  DEFAULT_EXPORT_TIMEOUT,
  DEFAULT_OTLP_GRPC_ENDPOINT,
  DEFAULT_OTLP_HTTP_ENDPOINT,
  DEFAULT_OTLP_TIMEOUT,
  DEFAULT_PROMETHEUS_HOST,
  DEFAULT_PROMETHEUS_PORT,
  type DetectorName,
  type ExemplarFilterName,
  type HistogramAggregationPreference,
  NO_TIMEOUT,
  type OtlpExporterConfig,
  type PrometheusExporterConfig,
  type ReaderConfig,
  type ResourceConfig,
  type SdkConfig,
  type TemporalityPreference,
} from './model.js';
import { fileLogLevelNames, logLevelFromFile } from './stderr-diag.js';
import { substituteDocument } from './substitute.js';
import { wildcardMatcher } from './wildcard.js';

/** ConfigFileError lists every problem of a configuration file, each with its path in the file. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`Invalid OpenTelemetry configuration ${file}:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigFileError';
  }
}

export interface FileConfigResult {
  config: SdkConfig;
  /** Unknown or unsupported properties, ignored. */
  warnings: string[];
}

/**
 * loadConfigFile reads an OpenTelemetry declarative configuration file (YAML, `file_format`
 * "0.x" or "1.x"), substitutes `${VAR}` / `${VAR:-default}` from `env`, validates `resource` and
 * `meter_provider`, and returns the configuration. Throws ConfigFileError naming each bad path.
 *
 * @example
 * const { config } = loadConfigFile('otel.yaml');
 * const { provider } = await createMeterProviderFromConfig(config);
 */
export function loadConfigFile(path: string, env: Env = process.env): FileConfigResult {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigFileError(absolute, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfigText(text, env, absolute);
}

/** parseConfigText is loadConfigFile for text already in memory. */
export function parseConfigText(text: string, env: Env = process.env, file = '<text>'): FileConfigResult {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0)
    throw new ConfigFileError(
      file,
      doc.errors.map((e) => `YAML: ${e.message}`),
    );
  const substitutionErrors = substituteDocument(doc, env);
  if (substitutionErrors.length > 0) throw new ConfigFileError(file, substitutionErrors);
  const c = new Checker();
  const root = doc.toJS() as unknown;
  const config = readRoot(c, root);
  if (c.errors.length > 0 || config === undefined) throw new ConfigFileError(file, c.errors);
  return { config, warnings: c.warnings };
}

const OTHER_SECTIONS = [
  'attribute_limits',
  'logger_provider',
  'tracer_provider',
  'propagator',
  'instrumentation',
  'instrumentation/development',
];

function readRoot(c: Checker, root: unknown): SdkConfig | undefined {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return c.error('(root)', 'expected a mapping with file_format');
  }
  const obj = root as Obj;
  c.known(obj, '', ['file_format', 'disabled', 'resource', 'meter_provider', ...OTHER_SECTIONS]);
  const format = obj.file_format;
  if (format === undefined || format === null) c.error('file_format', 'required (e.g. "1.0")');
  else if (typeof format !== 'string' && typeof format !== 'number') c.error('file_format', 'expected a string');
  else if (!/^[01]\.\d+/.test(String(format)))
    c.error('file_format', `unsupported version "${format}" (expected 0.x or 1.x)`);
  const meterProvider = c.object(obj.meter_provider, 'meter_provider');
  const logLevel = c.enumeration(obj.log_level, 'log_level', fileLogLevelNames());
  return {
    ...(logLevel === undefined ? {} : { logLevel: logLevelFromFile(logLevel) }),
    disabled: c.boolean(obj.disabled, 'disabled') ?? false,
    resource: readResource(c, c.object(obj.resource, 'resource')),
    // An omitted meter_provider means a no-op meter provider: nothing is read or exported.
    readers: meterProvider ? readReaders(c, meterProvider.readers) : [],
    views: meterProvider ? readViews(c, meterProvider.views) : [],
    exemplarFilter:
      c.enumeration<ExemplarFilterName>(meterProvider?.exemplar_filter, 'meter_provider.exemplar_filter', [
        'trace_based',
        'always_on',
        'always_off',
      ]) ?? 'trace_based',
  };
}

// ── resource ────────────────────────────────────────────────────────────────────────────────

const ATTRIBUTE_TYPES = [
  'string',
  'bool',
  'int',
  'double',
  'string_array',
  'bool_array',
  'int_array',
  'double_array',
] as const;

function readResource(c: Checker, r: Obj | undefined): ResourceConfig {
  const config: ResourceConfig = { attributes: {}, detectors: [] };
  if (r === undefined) return config;
  c.known(r, 'resource', ['attributes', 'attributes_list', 'schema_url', 'detectors', 'detection/development']);
  // attributes_list first: entries of `attributes` win over it.
  const list = c.string(r.attributes_list, 'resource.attributes_list');
  if (list !== undefined) {
    const parsed = parseKeyValueList(list);
    if (parsed.ok) for (const [k, v] of parsed.pairs) config.attributes[k] = v;
    else c.error('resource.attributes_list', parsed.error);
  }
  const attrs = c.array(r.attributes, 'resource.attributes');
  attrs?.forEach((item, i) => {
    readAttribute(c, item, `resource.attributes[${i}]`, config.attributes);
  });
  const schemaUrl = c.string(r.schema_url, 'resource.schema_url');
  if (schemaUrl) config.schemaUrl = schemaUrl;
  // 1.x: `detection/development`; 0.x: `detectors` with only an attribute filter.
  const detection = c.object(r['detection/development'], 'resource.detection/development');
  if (detection) {
    const path = 'resource.detection/development';
    c.known(detection, path, ['attributes', 'detectors']);
    config.detectedAttributes = readIncludeExclude(c, detection.attributes, `${path}.attributes`);
    c.array(detection.detectors, `${path}.detectors`)?.forEach((d, i) => {
      const entry = c.object(d, `${path}.detectors[${i}]`);
      if (!entry) return;
      const name = Object.keys(entry)[0];
      if (name === 'process' || name === 'host' || name === 'service') config.detectors.push(name as DetectorName);
      else c.warn(`${path}.detectors[${i}]`, `detector "${name}" is not available in Node.js Yardstick, ignored`);
    });
  }
  const legacy = c.object(r.detectors, 'resource.detectors');
  if (legacy) {
    c.known(legacy, 'resource.detectors', ['attributes']);
    config.detectedAttributes = readIncludeExclude(c, legacy.attributes, 'resource.detectors.attributes');
    config.detectors = ['process', 'host', 'service'];
  }
  return config;
}

function readAttribute(c: Checker, item: unknown, path: string, out: Attributes): void {
  const a = c.object(item, path);
  if (!a) return;
  c.known(a, path, ['name', 'value', 'type']);
  const name = c.string(a.name, `${path}.name`);
  if (name === undefined) {
    if (a.name === undefined || a.name === null) c.error(`${path}.name`, 'required');
    return;
  }
  const type =
    a.type === undefined || a.type === null ? 'string' : c.enumeration(a.type, `${path}.type`, ATTRIBUTE_TYPES);
  if (type === undefined) return;
  if (a.value === undefined || a.value === null) {
    c.error(`${path}.value`, 'required');
    return;
  }
  const value = attributeValue(c, a.value, type, `${path}.value`);
  if (value !== undefined) out[name] = value;
}

function attributeValue(
  c: Checker,
  v: unknown,
  type: (typeof ATTRIBUTE_TYPES)[number],
  path: string,
): Attributes[string] | undefined {
  const scalar = (x: unknown, t: string, p: string): unknown => {
    if (t === 'string') return typeof x === 'string' ? x : c.error(p, 'expected a string');
    if (t === 'bool') return typeof x === 'boolean' ? x : c.error(p, 'expected true or false');
    if (t === 'int') return Number.isInteger(x) ? x : c.error(p, 'expected an integer');
    return typeof x === 'number' ? x : c.error(p, 'expected a number');
  };
  if (!type.endsWith('_array')) return scalar(v, type, path) as Attributes[string];
  if (!Array.isArray(v)) return c.error(path, `expected a list (type ${type})`);
  const element = type.slice(0, -'_array'.length);
  const out = v.map((x, i) => scalar(x, element, `${path}[${i}]`));
  return out.includes(undefined) ? undefined : (out as Attributes[string]);
}

function readIncludeExclude(
  c: Checker,
  v: unknown,
  path: string,
): { included?: string[]; excluded?: string[] } | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  c.known(o, path, ['included', 'excluded']);
  const out: { included?: string[]; excluded?: string[] } = {};
  const included = c.stringList(o.included, `${path}.included`);
  const excluded = c.stringList(o.excluded, `${path}.excluded`);
  if (included) out.included = included;
  if (excluded) out.excluded = excluded;
  return out;
}

// ── readers ─────────────────────────────────────────────────────────────────────────────────

function readReaders(c: Checker, v: unknown): ReaderConfig[] {
  const list = c.array(v, 'meter_provider.readers');
  if (list === undefined) {
    c.error('meter_provider.readers', 'required (a list of periodic or pull readers)');
    return [];
  }
  const readers: ReaderConfig[] = [];
  list.forEach((item, i) => {
    const path = `meter_provider.readers[${i}]`;
    const r = c.object(item, path);
    if (!r) {
      if (item === null || item === undefined) c.error(path, 'expected a mapping with periodic or pull');
      return;
    }
    const variant = c.oneOf(r, path, ['periodic', 'pull']);
    if (!variant) return;
    const [kind, body] = variant;
    const reader = kind === 'periodic' ? readPeriodic(c, body, `${path}.periodic`) : readPull(c, body, `${path}.pull`);
    if (reader) readers.push(reader);
  });
  return readers;
}

function readPeriodic(c: Checker, v: unknown, path: string): ReaderConfig | undefined {
  const p = c.object(v, path);
  if (!p) return c.error(path, 'expected a mapping with an exporter');
  c.known(p, path, ['interval', 'timeout', 'exporter', 'cardinality_limits', 'producers']);
  if (p.producers !== undefined) c.warn(`${path}.producers`, 'metric producers are not supported, ignored');
  const interval = c.integer(p.interval, `${path}.interval`, 1) ?? DEFAULT_EXPORT_INTERVAL;
  let timeout = c.integer(p.timeout, `${path}.timeout`, 0) ?? DEFAULT_EXPORT_TIMEOUT;
  if (timeout === 0) timeout = NO_TIMEOUT;
  if (timeout > interval) {
    // Exports must not overlap: the reader allows at most one interval per export.
    if (timeout !== NO_TIMEOUT && p.timeout !== undefined && p.timeout !== null) {
      c.warn(`${path}.timeout`, `longer than the interval; using ${interval}`);
    }
    timeout = interval;
  }
  const e = c.object(p.exporter, `${path}.exporter`);
  if (!e) return c.error(`${path}.exporter`, 'required (otlp_http, otlp_grpc or console)');
  const variant = c.oneOf(e, `${path}.exporter`, ['otlp_http', 'otlp_grpc', 'console']);
  if (!variant) return undefined;
  const [kind, body] = variant;
  const exporter =
    kind === 'console'
      ? readConsole(c, body, `${path}.exporter.console`)
      : readOtlp(c, body, `${path}.exporter.${kind}`, kind === 'otlp_grpc');
  const limits = readCardinalityLimits(c, p.cardinality_limits, `${path}.cardinality_limits`);
  if (!exporter) return undefined;
  const reader: ReaderConfig = { type: 'periodic', intervalMillis: interval, timeoutMillis: timeout, exporter };
  if (limits) reader.cardinalityLimits = limits;
  return reader;
}

const TEMPORALITY: readonly TemporalityPreference[] = ['cumulative', 'delta', 'low_memory'];
const HISTOGRAM_AGGREGATION: readonly HistogramAggregationPreference[] = [
  'explicit_bucket_histogram',
  'base2_exponential_bucket_histogram',
];

const CONSOLE_FORMATS: readonly ConsoleFormat[] = ['table', 'json'];

function readConsole(c: Checker, v: unknown, path: string): ConsoleExporterConfig {
  const o = c.object(v, path) ?? {};
  c.known(o, path, ['temporality_preference', 'default_histogram_aggregation', 'format']);
  const out: ConsoleExporterConfig = { type: 'console' };
  // `format` is a Yardstick extension: the schema's console exporter has no output options.
  const f = c.enumeration(o.format, `${path}.format`, CONSOLE_FORMATS);
  if (f) out.format = f;
  const t = c.enumeration(o.temporality_preference, `${path}.temporality_preference`, TEMPORALITY);
  const h = c.enumeration(
    o.default_histogram_aggregation,
    `${path}.default_histogram_aggregation`,
    HISTOGRAM_AGGREGATION,
  );
  if (t) out.temporalityPreference = t;
  if (h) out.defaultHistogramAggregation = h;
  return out;
}

function readOtlp(c: Checker, v: unknown, path: string, grpc: boolean): OtlpExporterConfig | undefined {
  const o = c.object(v, path) ?? {};
  c.known(o, path, [
    'endpoint',
    'protocol',
    'encoding',
    'headers',
    'headers_list',
    'timeout',
    'compression',
    'temporality_preference',
    'default_histogram_aggregation',
    'tls',
    'certificate',
    'client_key',
    'client_certificate',
    'insecure',
  ]);
  const endpoint = c.string(o.endpoint, `${path}.endpoint`);
  if (endpoint !== undefined && !isHttpUrl(endpoint))
    c.error(`${path}.endpoint`, 'expected an absolute http:// or https:// URL');
  // 0.x names the wire format `protocol: http/protobuf`; 1.x `encoding: protobuf`.
  let protocol: OtlpExporterConfig['protocol'] = grpc ? 'grpc' : 'http/protobuf';
  if (!grpc) {
    const legacy = c.enumeration(o.protocol, `${path}.protocol`, ['http/protobuf', 'http/json'] as const);
    const encoding = c.enumeration(o.encoding, `${path}.encoding`, ['protobuf', 'json'] as const);
    if (legacy) protocol = legacy;
    if (encoding) protocol = encoding === 'json' ? 'http/json' : 'http/protobuf';
  }
  const headers: Record<string, string> = {};
  const list = c.string(o.headers_list, `${path}.headers_list`);
  if (list !== undefined) {
    const parsed = parseKeyValueList(list);
    if (parsed.ok) for (const [k, val] of parsed.pairs) headers[k] = val;
    else c.error(`${path}.headers_list`, parsed.error);
  }
  c.array(o.headers, `${path}.headers`)?.forEach((h, i) => {
    const hp = `${path}.headers[${i}]`;
    const pair = c.object(h, hp);
    if (!pair) return;
    const name = c.string(pair.name, `${hp}.name`);
    if (name === undefined) {
      if (pair.name === null || pair.name === undefined) c.error(`${hp}.name`, 'required');
      return;
    }
    if (pair.value === null || pair.value === undefined) return;
    const value = c.string(pair.value, `${hp}.value`);
    if (value !== undefined) headers[name] = value;
  });
  const timeout = c.integer(o.timeout, `${path}.timeout`, 0) ?? DEFAULT_OTLP_TIMEOUT;
  const out: OtlpExporterConfig = {
    type: 'otlp',
    url: endpoint ?? (grpc ? DEFAULT_OTLP_GRPC_ENDPOINT : DEFAULT_OTLP_HTTP_ENDPOINT),
    protocol,
    headers,
    timeoutMillis: timeout === 0 ? NO_TIMEOUT : timeout,
    compression: c.enumeration(o.compression, `${path}.compression`, ['gzip', 'none'] as const) ?? 'none',
    temporalityPreference:
      c.enumeration(o.temporality_preference, `${path}.temporality_preference`, TEMPORALITY) ?? 'cumulative',
    defaultHistogramAggregation:
      c.enumeration(o.default_histogram_aggregation, `${path}.default_histogram_aggregation`, HISTOGRAM_AGGREGATION) ??
      'explicit_bucket_histogram',
  };
  // TLS: 1.x nests it under `tls`, 0.x has the fields inline.
  const tls = c.object(o.tls, `${path}.tls`) ?? o;
  const tlsPath = o.tls ? `${path}.tls` : path;
  const cert = c.string(tls.certificate_file ?? tls.certificate, `${tlsPath}.certificate_file`);
  const key = c.string(tls.client_key_file ?? tls.client_key, `${tlsPath}.client_key_file`);
  const clientCert = c.string(
    tls.client_certificate_file ?? tls.client_certificate,
    `${tlsPath}.client_certificate_file`,
  );
  const insecure = c.boolean(tls.insecure, `${tlsPath}.insecure`);
  if (cert) out.certificateFile = cert;
  if (key) out.clientKeyFile = key;
  if (clientCert) out.clientCertificateFile = clientCert;
  if (insecure !== undefined) out.insecure = insecure;
  return out;
}

function readPull(c: Checker, v: unknown, path: string): ReaderConfig | undefined {
  const p = c.object(v, path);
  if (!p) return c.error(path, 'expected a mapping with an exporter');
  c.known(p, path, ['exporter', 'cardinality_limits', 'producers']);
  if (p.producers !== undefined) c.warn(`${path}.producers`, 'metric producers are not supported, ignored');
  const e = c.object(p.exporter, `${path}.exporter`);
  if (!e) return c.error(`${path}.exporter`, 'required (prometheus)');
  const variant = c.oneOf(e, `${path}.exporter`, ['prometheus', 'prometheus/development']);
  if (!variant) return undefined;
  const ep = `${path}.exporter.${variant[0]}`;
  const o = c.object(variant[1], ep) ?? {};
  c.known(o, ep, [
    'host',
    'port',
    'without_scope_info',
    'without_units',
    'without_type_suffix',
    'with_resource_constant_labels',
    'translation_strategy',
  ]);
  const exporter: PrometheusExporterConfig = {
    type: 'prometheus',
    host: c.string(o.host, `${ep}.host`) ?? DEFAULT_PROMETHEUS_HOST,
    port: c.integer(o.port, `${ep}.port`, 0, 65_535) ?? DEFAULT_PROMETHEUS_PORT,
  };
  const flags = [
    ['without_scope_info', 'withoutScopeInfo'],
    ['without_units', 'withoutUnits'],
    ['without_type_suffix', 'withoutTypeSuffix'],
  ] as const;
  for (const [key, option] of flags) {
    const b = c.boolean(o[key], `${ep}.${key}`);
    if (b !== undefined) exporter[option] = b;
  }
  const labels = readIncludeExclude(c, o.with_resource_constant_labels, `${ep}.with_resource_constant_labels`);
  if (labels) exporter.withResourceConstantLabels = labels;
  const strategy = c.enumeration(o.translation_strategy, `${ep}.translation_strategy`, [
    'UnderscoreEscapingWithSuffixes',
    'UnderscoreEscapingWithoutSuffixes',
    'NoUTF8EscapingWithSuffixes',
    'NoTranslation',
  ] as const);
  if (strategy) exporter.translationStrategy = strategy;
  const limits = readCardinalityLimits(c, p.cardinality_limits, `${path}.cardinality_limits`);
  const reader: ReaderConfig = { type: 'pull', exporter };
  if (limits) reader.cardinalityLimits = limits;
  return reader;
}

const LIMIT_KEYS = [
  'default',
  'counter',
  'gauge',
  'histogram',
  'observable_counter',
  'observable_gauge',
  'observable_up_down_counter',
  'up_down_counter',
] as const;

function readCardinalityLimits(c: Checker, v: unknown, path: string): CardinalityLimits | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  c.known(o, path, LIMIT_KEYS);
  const out: CardinalityLimits = {};
  for (const key of LIMIT_KEYS) {
    const n = c.integer(o[key], `${path}.${key}`, 1);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

// ── views ───────────────────────────────────────────────────────────────────────────────────

const INSTRUMENT_TYPES: Record<string, InstrumentType> = {
  counter: InstrumentType.COUNTER,
  gauge: InstrumentType.GAUGE,
  histogram: InstrumentType.HISTOGRAM,
  observable_counter: InstrumentType.OBSERVABLE_COUNTER,
  observable_gauge: InstrumentType.OBSERVABLE_GAUGE,
  observable_up_down_counter: InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
  up_down_counter: InstrumentType.UP_DOWN_COUNTER,
};

function readViews(c: Checker, v: unknown): ViewOptions[] {
  const views: ViewOptions[] = [];
  c.array(v, 'meter_provider.views')?.forEach((item, i) => {
    const path = `meter_provider.views[${i}]`;
    const view = c.object(item, path);
    if (!view) return;
    c.known(view, path, ['selector', 'stream']);
    const before = c.errors.length;
    const options: ViewOptions = {};
    const sel = c.object(view.selector, `${path}.selector`);
    if (!sel) c.error(`${path}.selector`, 'required');
    else {
      const sp = `${path}.selector`;
      c.known(sel, sp, [
        'instrument_name',
        'instrument_type',
        'unit',
        'meter_name',
        'meter_version',
        'meter_schema_url',
      ]);
      const type = c.enumeration(sel.instrument_type, `${sp}.instrument_type`, Object.keys(INSTRUMENT_TYPES));
      assign(options, 'instrumentName', c.string(sel.instrument_name, `${sp}.instrument_name`));
      assign(options, 'instrumentType', type === undefined ? undefined : INSTRUMENT_TYPES[type]);
      assign(options, 'instrumentUnit', c.string(sel.unit, `${sp}.unit`));
      assign(options, 'meterName', c.string(sel.meter_name, `${sp}.meter_name`));
      assign(options, 'meterVersion', c.string(sel.meter_version, `${sp}.meter_version`));
      assign(options, 'meterSchemaUrl', c.string(sel.meter_schema_url, `${sp}.meter_schema_url`));
    }
    const stream = c.object(view.stream, `${path}.stream`);
    if (stream) readStream(c, stream, `${path}.stream`, options);
    if (c.errors.length > before) return;
    try {
      new View(options);
    } catch (error) {
      c.error(path, (error as Error).message);
      return;
    }
    views.push(options);
  });
  return views;
}

function assign<K extends keyof ViewOptions>(target: ViewOptions, key: K, value: ViewOptions[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function readStream(c: Checker, s: Obj, path: string, options: ViewOptions): void {
  c.known(s, path, ['name', 'description', 'aggregation', 'attribute_keys', 'aggregation_cardinality_limit']);
  assign(options, 'name', c.string(s.name, `${path}.name`));
  assign(options, 'description', c.string(s.description, `${path}.description`));
  assign(
    options,
    'aggregationCardinalityLimit',
    c.integer(s.aggregation_cardinality_limit, `${path}.aggregation_cardinality_limit`, 1),
  );
  const agg = c.object(s.aggregation, `${path}.aggregation`);
  if (agg) assign(options, 'aggregation', readAggregation(c, agg, `${path}.aggregation`));
  const keys = readIncludeExclude(c, s.attribute_keys, `${path}.attribute_keys`);
  if (keys) options.attributesProcessors = [keyFilter(keys)];
}

/** keyFilter keeps attribute keys matching `included` (wildcards allowed) and not `excluded`. */
function keyFilter(keys: { included?: string[]; excluded?: string[] }): IAttributesProcessor {
  const keepKey = wildcardMatcher(keys.included, keys.excluded);
  // With `keepKey` the stream filters on its allocation-free path; `process` is the general form.
  return {
    keepKey,
    process(incoming: Attributes): Attributes {
      const out: Attributes = {};
      for (const key in incoming) if (keepKey(key)) out[key] = incoming[key];
      return out;
    },
  };
}

function readAggregation(c: Checker, agg: Obj, path: string): AggregationOption | undefined {
  const variant = c.oneOf(agg, path, [
    'default',
    'drop',
    'sum',
    'last_value',
    'explicit_bucket_histogram',
    'base2_exponential_bucket_histogram',
  ]);
  if (!variant) return undefined;
  const [kind, body] = variant;
  const p = `${path}.${kind}`;
  switch (kind) {
    case 'default':
      return { type: AggregationType.DEFAULT };
    case 'drop':
      return { type: AggregationType.DROP };
    case 'sum':
      return { type: AggregationType.SUM };
    case 'last_value':
      return { type: AggregationType.LAST_VALUE };
    case 'explicit_bucket_histogram': {
      const o = c.object(body, p) ?? {};
      c.known(o, p, ['boundaries', 'record_min_max']);
      const list = c.array(o.boundaries, `${p}.boundaries`);
      const boundaries = list?.map((b, i) => c.number(b, `${p}.boundaries[${i}]`));
      if (boundaries?.every((b, i) => i === 0 || (b as number) > (boundaries[i - 1] as number)) === false) {
        c.error(`${p}.boundaries`, 'expected strictly increasing numbers');
      }
      const recordMinMax = c.boolean(o.record_min_max, `${p}.record_min_max`) ?? true;
      if (boundaries === undefined) {
        return {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { recordMinMax, boundaries: [...DEFAULT_HISTOGRAM_BOUNDARIES] },
        };
      }
      return {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { recordMinMax, boundaries: boundaries as number[] },
      };
    }
    default: {
      const o = c.object(body, p) ?? {};
      c.known(o, p, ['max_size', 'max_scale', 'record_min_max']);
      const maxSize = c.integer(o.max_size, `${p}.max_size`, 2) ?? 160;
      const maxScale = c.integer(o.max_scale, `${p}.max_scale`, -10, 20);
      if (maxScale !== undefined && maxScale !== 20)
        c.warn(`${p}.max_scale`, 'not supported yet; histograms start at scale 20');
      const recordMinMax = c.boolean(o.record_min_max, `${p}.record_min_max`) ?? true;
      return { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { recordMinMax, maxSize } };
    }
  }
}
