import { parseEnvConfig } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

type Env = Record<string, string>;
const parse = (env: Env) => parseEnvConfig(env);
const otlp = (env: Env) => {
  const r = parse({ OTEL_METRICS_EXPORTER: 'otlp', ...env });
  const reader = r.config.readers[0];
  if (reader?.type !== 'periodic' || reader.exporter.type !== 'otlp') throw new Error('expected an otlp reader');
  return { exporter: reader.exporter, warnings: r.warnings };
};

describe('parseEnvConfig defaults', () => {
  it('gives one periodic OTLP reader with the spec defaults and no warnings for an empty env', () => {
    const { config, warnings, configFile } = parse({});
    expect(warnings).toEqual([]);
    expect(configFile).toBeUndefined();
    expect(config).toEqual({
      disabled: false,
      resource: { attributes: {}, detectors: ['process', 'host', 'service'] },
      views: [],
      exemplarFilter: 'trace_based',
      readers: [
        {
          type: 'periodic',
          intervalMillis: 60_000,
          timeoutMillis: 30_000,
          exporter: {
            type: 'otlp',
            url: 'http://localhost:4318/v1/metrics',
            protocol: 'http/protobuf',
            headers: {},
            timeoutMillis: 10_000,
            compression: 'none',
            temporalityPreference: 'cumulative',
            defaultHistogramAggregation: 'explicit_bucket_histogram',
          },
        },
      ],
    });
  });

  it('treats empty and blank values as unset', () => {
    const r = parse({ OTEL_SDK_DISABLED: '', OTEL_METRIC_EXPORT_INTERVAL: '  ', OTEL_METRICS_EXPORTER: '' });
    expect(r.warnings).toEqual([]);
    expect(r.config.disabled).toBe(false);
    expect(r.config.readers[0]).toMatchObject({ intervalMillis: 60_000 });
  });
});

describe('OTEL_SDK_DISABLED', () => {
  it.each([
    ['true', true, 0],
    ['TRUE', true, 0],
    [' True ', true, 0],
    ['false', false, 0],
    ['FALSE', false, 0],
    ['1', false, 1],
    ['yes', false, 1],
    ['on', false, 1],
  ])('%j → disabled %s (%i warnings)', (value, disabled, warningCount) => {
    const r = parse({ OTEL_SDK_DISABLED: value });
    expect(r.config.disabled).toBe(disabled);
    expect(r.warnings).toHaveLength(warningCount);
    if (warningCount) expect(r.warnings[0]).toMatch(/^OTEL_SDK_DISABLED: invalid value .* using false instead\.$/);
  });
});

describe('OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', () => {
  it.each<[string, Env, Record<string, string>, RegExp | null]>([
    ['simple pairs', { OTEL_RESOURCE_ATTRIBUTES: 'a=1,b=two' }, { a: '1', b: 'two' }, null],
    ['spaces trimmed', { OTEL_RESOURCE_ATTRIBUTES: ' a = 1 , b=2 ' }, { a: '1', b: '2' }, null],
    ['percent-decoded', { OTEL_RESOURCE_ATTRIBUTES: 'k%2Cx=v%3Dy%20z,u=%C3%A9' }, { 'k,x': 'v=y z', u: 'é' }, null],
    ['empty entries skipped', { OTEL_RESOURCE_ATTRIBUTES: 'a=1,,b=2,' }, { a: '1', b: '2' }, null],
    ['empty value kept', { OTEL_RESOURCE_ATTRIBUTES: 'a=' }, { a: '' }, null],
    ['= inside value', { OTEL_RESOURCE_ATTRIBUTES: 'a=b=c' }, { a: 'b=c' }, null],
    [
      'bad escape discards all',
      { OTEL_RESOURCE_ATTRIBUTES: 'a=1,b=%ZZ' },
      {},
      /OTEL_RESOURCE_ATTRIBUTES: .*invalid percent-encoding; ignoring the whole value/,
    ],
    [
      'missing = discards all',
      { OTEL_RESOURCE_ATTRIBUTES: 'a=1,b' },
      {},
      /OTEL_RESOURCE_ATTRIBUTES: entry "b" is not of the form key=value/,
    ],
    [
      'empty key discards all',
      { OTEL_RESOURCE_ATTRIBUTES: 'a=1,=2' },
      {},
      /OTEL_RESOURCE_ATTRIBUTES: .*not of the form key=value/,
    ],
    ['service name', { OTEL_SERVICE_NAME: 'shop' }, { 'service.name': 'shop' }, null],
    [
      'OTEL_SERVICE_NAME beats service.name in attributes',
      { OTEL_SERVICE_NAME: 'winner', OTEL_RESOURCE_ATTRIBUTES: 'service.name=loser,x=1' },
      { 'service.name': 'winner', x: '1' },
      null,
    ],
  ])('%s', (_name, env, attributes, warning) => {
    const r = parse(env);
    expect(r.config.resource.attributes).toEqual(attributes);
    if (warning) {
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(warning);
    } else expect(r.warnings).toEqual([]);
  });
});

describe('OTEL_METRICS_EXPORTER', () => {
  const kinds = (env: Env) => parse(env).config.readers.map((r) => r.exporter.type);
  it.each<[string, string[], RegExp | null]>([
    ['otlp', ['otlp'], null],
    ['prometheus', ['prometheus'], null],
    ['console', ['console'], null],
    ['none', [], null],
    ['NONE', [], null],
    ['console,prometheus', ['console', 'prometheus'], null],
    [' Console , OTLP ', ['console', 'otlp'], null],
    ['console,console', ['console'], null],
    ['logging', ['console'], /"logging" is deprecated; using "console" instead/],
    ['zipkin', ['otlp'], /unknown exporter "zipkin".*\n?/],
    ['console,jaeger', ['console'], /unknown exporter "jaeger"/],
    ['none,console', [], /"none" given together with other exporters/],
    [',', ['otlp'], /no valid exporter in ","; using the default otlp/],
  ])('%j → %j', (value, expected, warning) => {
    expect(kinds({ OTEL_METRICS_EXPORTER: value })).toEqual(expected);
    const warnings = parse({ OTEL_METRICS_EXPORTER: value }).warnings;
    if (warning) expect(warnings.join('\n')).toMatch(warning);
    else expect(warnings).toEqual([]);
    for (const w of warnings) expect(w).toMatch(/^OTEL_METRICS_EXPORTER: /);
  });
});

describe('OTEL_METRIC_EXPORT_INTERVAL / OTEL_METRIC_EXPORT_TIMEOUT', () => {
  const reader = (env: Env) => {
    const r = parse({ OTEL_METRICS_EXPORTER: 'console', ...env });
    return { ...(r.config.readers[0] as { intervalMillis: number; timeoutMillis: number }), warnings: r.warnings };
  };
  it.each<[Env, number, number, RegExp | null]>([
    [{ OTEL_METRIC_EXPORT_INTERVAL: '5000' }, 5000, 5000, null],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '120000' }, 120_000, 30_000, null],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '5000', OTEL_METRIC_EXPORT_TIMEOUT: '1000' }, 5000, 1000, null],
    [{ OTEL_METRIC_EXPORT_TIMEOUT: '0' }, 60_000, 60_000, null],
    [
      { OTEL_METRIC_EXPORT_INTERVAL: 'abc' },
      60_000,
      30_000,
      /^OTEL_METRIC_EXPORT_INTERVAL: invalid value "abc" \(expected a positive integer of milliseconds\); using 60000 ms instead\.$/,
    ],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '-5' }, 60_000, 30_000, /OTEL_METRIC_EXPORT_INTERVAL: invalid value "-5"/],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '0' }, 60_000, 30_000, /OTEL_METRIC_EXPORT_INTERVAL: invalid value "0"/],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '1.5' }, 60_000, 30_000, /OTEL_METRIC_EXPORT_INTERVAL: invalid value "1.5"/],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '10s' }, 60_000, 30_000, /OTEL_METRIC_EXPORT_INTERVAL: invalid value "10s"/],
    [
      { OTEL_METRIC_EXPORT_TIMEOUT: '-1' },
      60_000,
      30_000,
      /^OTEL_METRIC_EXPORT_TIMEOUT: invalid value "-1" .*using 30000 ms instead\.$/,
    ],
    [{ OTEL_METRIC_EXPORT_TIMEOUT: 'x' }, 60_000, 30_000, /OTEL_METRIC_EXPORT_TIMEOUT: invalid value "x"/],
    [
      { OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_METRIC_EXPORT_TIMEOUT: '5000' },
      1000,
      1000,
      /^OTEL_METRIC_EXPORT_TIMEOUT: 5000 ms is longer than the export interval; using 1000 ms instead\.$/,
    ],
  ])('%j', (env, interval, timeout, warning) => {
    const r = reader(env);
    expect([r.intervalMillis, r.timeoutMillis]).toEqual([interval, timeout]);
    if (warning) {
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(warning);
    } else expect(r.warnings).toEqual([]);
  });
});

describe('OTEL_METRICS_EXEMPLAR_FILTER', () => {
  it.each([
    ['always_on', 'always_on', false],
    ['ALWAYS_OFF', 'always_off', false],
    ['trace_based', 'trace_based', false],
    ['sometimes', 'trace_based', true],
  ])('%j → %s', (value, filter, warns) => {
    const r = parse({ OTEL_METRICS_EXEMPLAR_FILTER: value });
    expect(r.config.exemplarFilter).toBe(filter);
    expect(r.warnings.length > 0).toBe(warns);
    if (warns) {
      expect(r.warnings[0]).toBe(
        'OTEL_METRICS_EXEMPLAR_FILTER: invalid value "sometimes" (expected one of trace_based, always_on, always_off); using trace_based instead.',
      );
    }
  });
});

describe('OTLP exporter variables', () => {
  it.each<[Env, string]>([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/metrics'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/mycollector/' }, 'http://c:4318/mycollector/v1/metrics'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c/base' }, 'https://c/base/v1/metrics'],
    [{ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://c:9999/custom' }, 'http://c:9999/custom'],
    [{ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://c:9999' }, 'http://c:9999/'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://specific/x' },
      'http://specific/x',
    ],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'http://localhost:4317'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }, 'http://c:4317'],
  ])('endpoint %j → %s', (env, url) => {
    const { exporter, warnings } = otlp(env);
    expect(exporter.url).toBe(url);
    expect(warnings).toEqual([]);
  });

  it.each<[Env, RegExp]>([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT: invalid value "collector:4318"/],
    [{ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'not a url' }, /^OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: invalid value/],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://c' },
      /expected an absolute http:\/\/ or https:\/\/ URL\); using the default endpoint instead/,
    ],
  ])('invalid endpoint %j falls back to the default with a warning', (env, warning) => {
    const { exporter, warnings } = otlp(env);
    expect(exporter.url).toBe('http://localhost:4318/v1/metrics');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
  });

  it('reads protocol, headers, timeout, compression, temporality, histogram aggregation and TLS files', () => {
    const { exporter, warnings } = otlp({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%20ecret, x-team = core',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'LowMemory',
      OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram',
      OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem',
      OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY: '/key.pem',
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/cert.pem',
      OTEL_EXPORTER_OTLP_INSECURE: 'true',
    });
    expect(warnings).toEqual([]);
    expect(exporter).toEqual({
      type: 'otlp',
      url: 'http://localhost:4318/v1/metrics',
      protocol: 'http/json',
      headers: { 'api-key': 's ecret', 'x-team': 'core' },
      timeoutMillis: 2500,
      compression: 'gzip',
      temporalityPreference: 'low_memory',
      defaultHistogramAggregation: 'base2_exponential_bucket_histogram',
      certificateFile: '/ca.pem',
      clientKeyFile: '/key.pem',
      clientCertificateFile: '/cert.pem',
      insecure: true,
    });
  });

  it('lets every metrics-specific variable beat its generic form', () => {
    const { exporter } = otlp({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=generic',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'b=specific',
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '2000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'none',
    });
    expect(exporter).toMatchObject({
      protocol: 'http/protobuf',
      headers: { b: 'specific' },
      timeoutMillis: 2000,
      compression: 'none',
    });
  });

  it('maps a timeout of 0 to the longest timer delay (no limit)', () => {
    expect(otlp({ OTEL_EXPORTER_OTLP_TIMEOUT: '0' }).exporter.timeoutMillis).toBe(2_147_483_647);
  });

  it.each<[string, string, string]>([
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http', 'http/protobuf'],
    ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'udp', 'http/protobuf'],
    ['OTEL_EXPORTER_OTLP_TIMEOUT', '10s', '10000 ms'],
    ['OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', '-1', '10000 ms'],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', 'brotli', 'none'],
    ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'sometimes', 'cumulative'],
    ['OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION', 'exponential', 'explicit_bucket_histogram'],
    ['OTEL_EXPORTER_OTLP_INSECURE', 'maybe', 'false'],
    ['OTEL_EXPORTER_OTLP_METRICS_COMPRESSION', 'zstd', 'none'],
    ['OTEL_EXPORTER_OTLP_METRICS_COMPRESSION', 'gzip,none', 'none'],
    ['OTEL_EXPORTER_OTLP_METRICS_INSECURE', 'yes', 'false'],
    ['OTEL_EXPORTER_OTLP_METRICS_INSECURE', '1', 'false'],
  ])('%s=%j warns and uses %s', (name, value, fallback) => {
    const { warnings } = otlp({ [name]: value });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^${name}: invalid value "${value}" \\(.*\\); using ${fallback} instead\\.$`),
    );
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_HEADERS', 'a=1,broken'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'a=%E0%A4%A'],
    ['OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'novalue'],
    ['OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'a=%ZZ'],
    ['OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'a=1,,=2'],
  ])('%s=%j is dropped with a warning', (name, value) => {
    const { exporter, warnings } = otlp({ [name]: value });
    expect(exporter.headers).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${name}: .*sending no headers from it\\.$`));
  });

  it('an invalid metrics-specific value falls back to the generic variable, not to nothing', () => {
    const { exporter, warnings } = otlp({
      OTEL_EXPORTER_OTLP_HEADERS: 'a=generic',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'broken',
    });
    expect(exporter.headers).toEqual({ a: 'generic' });
    expect(warnings).toHaveLength(1);
  });
});

describe('Prometheus exporter variables', () => {
  const prom = (env: Env) => {
    const r = parse({ OTEL_METRICS_EXPORTER: 'prometheus', ...env });
    return { exporter: r.config.readers[0].exporter, warnings: r.warnings };
  };
  it('defaults to localhost:9464 and reads host and port', () => {
    expect(prom({}).exporter).toEqual({ type: 'prometheus', host: 'localhost', port: 9464 });
    expect(prom({ OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0', OTEL_EXPORTER_PROMETHEUS_PORT: '0' }).exporter).toEqual({
      type: 'prometheus',
      host: '0.0.0.0',
      port: 0,
    });
  });
  it.each(['abc', '-1', '65536', '80.5'])('port %j warns and uses 9464', (port) => {
    const { exporter, warnings } = prom({ OTEL_EXPORTER_PROMETHEUS_PORT: port });
    expect(exporter).toMatchObject({ port: 9464 });
    expect(warnings).toEqual([
      `OTEL_EXPORTER_PROMETHEUS_PORT: invalid value "${port}" (expected an integer from 0 to 65535); using 9464 instead.`,
    ]);
  });
});

describe('Prometheus host', () => {
  const host = (value: string) => {
    const r = parse({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: value });
    return { exporter: r.config.readers[0].exporter, warnings: r.warnings };
  };
  it.each<[string, string]>([
    ['127.0.0.1', '127.0.0.1'],
    ['metrics-host.internal', 'metrics-host.internal'],
    ['::', '::'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ])('%j listens on %j', (value, expected) => {
    expect(host(value)).toEqual({ exporter: { type: 'prometheus', host: expected, port: 9464 }, warnings: [] });
  });
  it.each(['http://localhost', 'localhost:9464', '127.0.0.1:9464', 'host/metrics', 'my host'])(
    '%j warns and uses localhost',
    (value) => {
      const { exporter, warnings } = host(value);
      expect(exporter).toMatchObject({ host: 'localhost' });
      expect(warnings).toEqual([
        `OTEL_EXPORTER_PROMETHEUS_HOST: invalid value ${JSON.stringify(value)} (expected a host name or IP address, without scheme, port or path); using localhost instead.`,
      ]);
    },
  );
});

describe('OTEL_EXPORTER_CONSOLE_FORMAT (Yardstick extension)', () => {
  const consoleExporter = (value?: string) => {
    const env: Env = { OTEL_METRICS_EXPORTER: 'console' };
    if (value !== undefined) env.OTEL_EXPORTER_CONSOLE_FORMAT = value;
    const r = parse(env);
    return { exporter: r.config.readers[0].exporter, warnings: r.warnings };
  };
  it.each<[string | undefined, object]>([
    [undefined, { type: 'console' }],
    ['', { type: 'console' }],
    ['json', { type: 'console', format: 'json' }],
    ['JSON', { type: 'console', format: 'json' }],
    [' table ', { type: 'console', format: 'table' }],
  ])('%j gives %j', (value, expected) => {
    expect(consoleExporter(value)).toEqual({ exporter: expected, warnings: [] });
  });
  it.each(['jsonl', 'yaml', 'json,table', 'true'])('%j warns and uses table', (value) => {
    expect(consoleExporter(value)).toEqual({
      exporter: { type: 'console', format: 'table' },
      warnings: [
        `OTEL_EXPORTER_CONSOLE_FORMAT: invalid value ${JSON.stringify(value)} (expected one of table, json); using table instead.`,
      ],
    });
  });
});

describe('OTEL_CONFIG_FILE', () => {
  it('is reported so the caller reads the file instead', () => {
    expect(parse({ OTEL_CONFIG_FILE: ' /etc/otel.yaml ' }).configFile).toBe('/etc/otel.yaml');
  });
});
