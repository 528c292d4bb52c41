import { fileURLToPath } from 'node:url';
import { AggregationType, ConfigFileError, InstrumentType, loadConfigFile, parseConfigText } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function errorsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as ConfigFileError).issues;
  }
  throw new Error('expected a ConfigFileError');
}

const withReaders = (readers: string) => `file_format: "1.0"\nmeter_provider:\n  readers:\n${readers}`;

describe('loadConfigFile: a complete file', () => {
  const { config, warnings } = loadConfigFile(fixture('full.yaml'), { API_KEY: 'k1', PROM_PORT: '9465' });

  it('reads the resource: typed attributes over attributes_list, schema URL and detection', () => {
    expect(config.resource).toEqual({
      attributes: {
        'service.name': 'checkout',
        'service.namespace': 'shop',
        team: 'a b',
        replicas: 3,
        ratio: 0.5,
        canary: true,
        regions: ['eu', 'us'],
      },
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      detectors: ['process', 'host'],
      detectedAttributes: { included: ['process.*', 'host.*'], excluded: ['process.executable.path'] },
    });
  });

  it('reads periodic OTLP, pull Prometheus and console readers with substitutions typed', () => {
    expect(config.readers).toEqual([
      {
        type: 'periodic',
        intervalMillis: 5000,
        timeoutMillis: 2000,
        exporter: {
          type: 'otlp',
          url: 'http://collector:4318/v1/metrics',
          protocol: 'http/json',
          headers: { 'api-key': 'k1', 'x-team': 'core' },
          timeoutMillis: 3000,
          compression: 'gzip',
          temporalityPreference: 'delta',
          defaultHistogramAggregation: 'base2_exponential_bucket_histogram',
        },
        cardinalityLimits: { default: 500, histogram: 100 },
      },
      {
        type: 'pull',
        exporter: {
          type: 'prometheus',
          host: '127.0.0.1',
          port: 9465,
          withoutScopeInfo: true,
          withoutUnits: false,
          withResourceConstantLabels: { included: ['service*'] },
        },
      },
      { type: 'periodic', intervalMillis: 60_000, timeoutMillis: 30_000, exporter: { type: 'console' } },
    ]);
  });

  it('reads views with selectors, stream settings and attribute key filters', () => {
    const [latency, drop] = config.views;
    expect(latency).toMatchObject({
      instrumentName: 'http.server.duration',
      instrumentType: InstrumentType.HISTOGRAM,
      instrumentUnit: 'ms',
      meterName: 'http',
      meterVersion: '1.0.0',
      meterSchemaUrl: 'https://example.com/schema',
      name: 'http.latency',
      description: 'Latency',
      aggregationCardinalityLimit: 50,
      aggregation: {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: [1, 10, 100], recordMinMax: false },
      },
    });
    const filter = latency.attributesProcessors?.[0];
    expect(filter?.process({ 'http.method': 'GET', 'http.url': '/x', user: 'u' })).toEqual({ 'http.method': 'GET' });
    expect(drop).toMatchObject({
      instrumentName: '*',
      meterName: 'noisy',
      aggregation: { type: AggregationType.DROP },
    });
  });

  it('reads the exemplar filter and ignores other signals without warnings', () => {
    expect(config.exemplarFilter).toBe('always_on');
    expect(config.disabled).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('uses the env value over a substitution default', () => {
    const other = loadConfigFile(fixture('full.yaml'), { SERVICE_NAME: 'billing', EXPORT_INTERVAL: '750' });
    expect(other.config.resource.attributes['service.name']).toBe('billing');
    expect(other.config.readers[0]).toMatchObject({ intervalMillis: 750, timeoutMillis: 750 });
    // Unset PROM_PORT substitutes to nothing: the port falls back to the default.
    expect(other.config.readers[1].exporter).toMatchObject({ port: 9464 });
  });
});

describe('parseConfigText: log_level', () => {
  it.each([
    ['debug', 'debug'],
    ['warn2', 'warn'],
    ['trace', 'verbose'],
    ['info4', 'info'],
    ['error', 'error'],
    ['fatal', 'error'],
  ])('log_level: %s ⇒ diag level %s', (value, level) => {
    expect(parseConfigText(`file_format: "1.0"\nlog_level: ${value}\n`, {}).config.logLevel).toBe(level);
  });

  it('omitted or null: unset, so register applies the file default (info)', () => {
    expect(parseConfigText('file_format: "1.0"\n', {}).config.logLevel).toBeUndefined();
    expect(parseConfigText('file_format: "1.0"\nlog_level: null\n', {}).config.logLevel).toBeUndefined();
  });

  it('an unknown level is an error with its path', () => {
    expect(() => parseConfigText('file_format: "1.0"\nlog_level: loud\n', {})).toThrow(
      /log_level: expected one of trace, trace2, .*fatal4, got "loud"/,
    );
  });
});

describe('parseConfigText: small valid files', () => {
  it('disabled: true, no meter_provider ⇒ no readers', () => {
    const { config } = parseConfigText('file_format: "0.3"\ndisabled: true\n', {});
    expect(config.disabled).toBe(true);
    expect(config.readers).toEqual([]);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${...} syntax is what is under test
  it('substitution: ${env:X}, $$ escapes, quoted values stay strings, defaults may be typed', () => {
    const text = `file_format: "1.0"
resource:
  attributes:
    - { name: a, value: "\${env:A}" }
    - { name: b, value: "$\${A}" }
    - { name: c, value: "\${MISSING:-fallback}" }
    - { name: d, value: "\${N}" }
meter_provider:
  readers:
    - periodic:
        interval: \${N}
        exporter: { console: {} }
`;
    const { config } = parseConfigText(text, { A: 'x', N: '1234' });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${...} syntax is what is under test
    expect(config.resource.attributes).toEqual({ a: 'x', b: '${A}', c: 'fallback', d: '1234' });
    expect(config.readers[0]).toMatchObject({ intervalMillis: 1234 });
  });

  it('0.x names: protocol, prometheus, legacy detectors, inline TLS', () => {
    const text = `file_format: "0.3"
resource:
  detectors:
    attributes:
      excluded: [process.command_args]
meter_provider:
  readers:
    - periodic:
        exporter:
          otlp_http:
            protocol: http/json
            certificate: /ca.pem
    - pull:
        exporter:
          prometheus: { port: 0, without_type_suffix: true }
`;
    const { config } = parseConfigText(text, {});
    expect(config.resource.detectors).toEqual(['process', 'host', 'service']);
    expect(config.readers[0].exporter).toMatchObject({ protocol: 'http/json', certificateFile: '/ca.pem' });
    expect(config.readers[1].exporter).toEqual({
      type: 'prometheus',
      host: 'localhost',
      port: 0,
      withoutTypeSuffix: true,
    });
  });

  it('warns about unknown properties and unsupported pieces instead of failing', () => {
    const text = `file_format: "1.0"
meter_provider:
  readers:
    - periodic:
        intervall: 5
        exporter: { console: {} }
  views:
    - selector: { instrument_name: h }
      stream:
        aggregation:
          base2_exponential_bucket_histogram: { max_size: 80, max_scale: 10 }
resource:
  detection/development:
    detectors: [{ container: }]
`;
    const { config, warnings } = parseConfigText(text, {});
    expect([...warnings].sort()).toEqual([
      'meter_provider.readers[0].periodic.intervall: unknown property, ignored',
      'meter_provider.views[0].stream.aggregation.base2_exponential_bucket_histogram.max_scale: not supported yet; histograms start at scale 20',
      'resource.detection/development.detectors[0]: detector "container" is not available in Node.js Yardstick, ignored',
    ]);
    expect(config.views[0].aggregation).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: { maxSize: 80, recordMinMax: true },
    });
  });
});

describe('parseConfigText: console format (Yardstick extension)', () => {
  it.each<[string, object]>([
    ['{ console: }', { type: 'console' }],
    ['{ console: { format: json } }', { type: 'console', format: 'json' }],
    [
      '{ console: { format: table, temporality_preference: delta } }',
      { type: 'console', format: 'table', temporalityPreference: 'delta' },
    ],
  ])('exporter %s', (exporter, expected) => {
    const { config, warnings } = parseConfigText(withReaders(`    - periodic: { exporter: ${exporter} }`), {});
    expect(warnings).toEqual([]);
    expect(config.readers[0].exporter).toEqual(expected);
  });

  it('takes the format from a substitution', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${...} syntax is what is under test
    const text = withReaders('    - periodic: { exporter: { console: { format: "${FMT:-table}" } } }');
    expect(parseConfigText(text, { FMT: 'json' }).config.readers[0].exporter).toEqual({
      type: 'console',
      format: 'json',
    });
  });
});

describe('parseConfigText: each validation error names its path', () => {
  it.each<[string, string, string]>([
    ['missing file_format', 'meter_provider: { readers: [] }', 'file_format: required (e.g. "1.0")'],
    ['future file_format', 'file_format: "2.0"', 'file_format: unsupported version "2.0" (expected 0.x or 1.x)'],
    ['disabled not boolean', 'file_format: "1.0"\ndisabled: "yes"', 'disabled: expected true or false'],
    [
      'meter_provider without readers',
      'file_format: "1.0"\nmeter_provider: {}',
      'meter_provider.readers: required (a list of periodic or pull readers)',
    ],
    [
      'interval not a number',
      withReaders(
        '    - periodic: { exporter: { console: } }\n    - periodic: { interval: soon, exporter: { console: } }',
      ),
      'meter_provider.readers[1].periodic.interval: expected a number',
    ],
    [
      'negative timeout',
      withReaders('    - periodic: { timeout: -1, exporter: { console: } }'),
      'meter_provider.readers[0].periodic.timeout: expected an integer ≥ 0, got -1',
    ],
    [
      'interval 0',
      withReaders('    - periodic: { interval: 0, exporter: { console: } }'),
      'meter_provider.readers[0].periodic.interval: expected an integer ≥ 1, got 0',
    ],
    [
      'reader of unknown kind',
      withReaders('    - push: {}'),
      'meter_provider.readers[0]: unsupported "push" (expected one of periodic, pull)',
    ],
    [
      'reader with two kinds',
      withReaders('    - { periodic: {}, pull: {} }'),
      'meter_provider.readers[0]: expected exactly one of periodic, pull, got periodic, pull',
    ],
    [
      'periodic without exporter',
      withReaders('    - periodic: { interval: 5 }'),
      'meter_provider.readers[0].periodic.exporter: required (otlp_http, otlp_grpc or console)',
    ],
    [
      'unknown push exporter',
      withReaders('    - periodic: { exporter: { zipkin: {} } }'),
      'meter_provider.readers[0].periodic.exporter: unsupported "zipkin" (expected one of otlp_http, otlp_grpc, console)',
    ],
    [
      'bad endpoint',
      withReaders('    - periodic: { exporter: { otlp_http: { endpoint: "collector:4318" } } }'),
      'meter_provider.readers[0].periodic.exporter.otlp_http.endpoint: expected an absolute http:// or https:// URL',
    ],
    [
      'console format not table or json (Yardstick extension)',
      withReaders('    - periodic: { exporter: { console: { format: jsonl } } }'),
      'meter_provider.readers[0].periodic.exporter.console.format: expected one of table, json, got "jsonl"',
    ],
    [
      'console format not a string',
      withReaders('    - periodic: { exporter: { console: { format: 1 } } }'),
      'meter_provider.readers[0].periodic.exporter.console.format: expected a string',
    ],
    [
      'bad compression',
      withReaders('    - periodic: { exporter: { otlp_http: { compression: zstd } } }'),
      'meter_provider.readers[0].periodic.exporter.otlp_http.compression: expected one of gzip, none, got "zstd"',
    ],
    [
      'bad temporality',
      withReaders('    - periodic: { exporter: { otlp_http: { temporality_preference: lowmemory } } }'),
      'meter_provider.readers[0].periodic.exporter.otlp_http.temporality_preference: expected one of cumulative, delta, low_memory, got "lowmemory"',
    ],
    [
      'bad headers_list',
      withReaders('    - periodic: { exporter: { otlp_http: { headers_list: "a" } } }'),
      'meter_provider.readers[0].periodic.exporter.otlp_http.headers_list: entry "a" is not of the form key=value',
    ],
    [
      'header without name',
      withReaders('    - periodic: { exporter: { otlp_http: { headers: [{ value: x }] } } }'),
      'meter_provider.readers[0].periodic.exporter.otlp_http.headers[0].name: required',
    ],
    [
      'port out of range',
      withReaders('    - pull: { exporter: { prometheus: { port: 70000 } } }'),
      'meter_provider.readers[0].pull.exporter.prometheus.port: expected an integer from 0 to 65535, got 70000',
    ],
    [
      'pull with a push exporter',
      withReaders('    - pull: { exporter: { console: {} } }'),
      'meter_provider.readers[0].pull.exporter: unsupported "console" (expected one of prometheus, prometheus/development)',
    ],
    [
      'cardinality limit 0',
      withReaders('    - periodic: { exporter: { console: }, cardinality_limits: { counter: 0 } }'),
      'meter_provider.readers[0].periodic.cardinality_limits.counter: expected an integer ≥ 1, got 0',
    ],
    [
      'bad exemplar filter',
      'file_format: "1.0"\nmeter_provider: { readers: [], exemplar_filter: sometimes }',
      'meter_provider.exemplar_filter: expected one of trace_based, always_on, always_off, got "sometimes"',
    ],
    [
      'view without selector',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ stream: {} }] }',
      'meter_provider.views[0].selector: required',
    ],
    [
      'bad instrument type',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_type: timer } }] }',
      'meter_provider.views[0].selector.instrument_type: expected one of counter, gauge, histogram, observable_counter, observable_gauge, observable_up_down_counter, up_down_counter, got "timer"',
    ],
    [
      'stream name with a wildcard selector',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: "http.*" }, stream: { name: x } }] }',
      'meter_provider.views[0]: Views with a specified name must be declared with an instrument selector that selects at most one instrument per meter.',
    ],
    [
      'two aggregations',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: a }, stream: { aggregation: { sum: , drop: } } }] }',
      'meter_provider.views[0].stream.aggregation: expected exactly one of default, drop, sum, last_value, explicit_bucket_histogram, base2_exponential_bucket_histogram, got sum, drop',
    ],
    [
      'unsorted boundaries',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: a }, stream: { aggregation: { explicit_bucket_histogram: { boundaries: [5, 1] } } } }] }',
      'meter_provider.views[0].stream.aggregation.explicit_bucket_histogram.boundaries: expected strictly increasing numbers',
    ],
    [
      'boundary not a number',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: a }, stream: { aggregation: { explicit_bucket_histogram: { boundaries: [1, x] } } } }] }',
      'meter_provider.views[0].stream.aggregation.explicit_bucket_histogram.boundaries[1]: expected a number',
    ],
    [
      'max_size too small',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: a }, stream: { aggregation: { base2_exponential_bucket_histogram: { max_size: 1 } } } }] }',
      'meter_provider.views[0].stream.aggregation.base2_exponential_bucket_histogram.max_size: expected an integer ≥ 2, got 1',
    ],
    [
      'cardinality limit of a view',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: a }, stream: { aggregation_cardinality_limit: -3 } }] }',
      'meter_provider.views[0].stream.aggregation_cardinality_limit: expected an integer ≥ 1, got -3',
    ],
    [
      'attribute_keys not a list',
      'file_format: "1.0"\nmeter_provider: { readers: [], views: [{ selector: { instrument_name: a }, stream: { attribute_keys: { included: a } } }] }',
      'meter_provider.views[0].stream.attribute_keys.included: expected a list',
    ],
    [
      'resource attribute without value',
      'file_format: "1.0"\nresource: { attributes: [{ name: a }] }',
      'resource.attributes[0].value: required',
    ],
    [
      'resource attribute of the wrong type',
      'file_format: "1.0"\nresource: { attributes: [{ name: a, value: x, type: int }] }',
      'resource.attributes[0].value: expected an integer',
    ],
    [
      'resource array element of the wrong type',
      'file_format: "1.0"\nresource: { attributes: [{ name: a, value: [1, x], type: double_array }] }',
      'resource.attributes[0].value[1]: expected a number',
    ],
    [
      'unknown attribute type',
      'file_format: "1.0"\nresource: { attributes: [{ name: a, value: x, type: map }] }',
      'resource.attributes[0].type: expected one of string, bool, int, double, string_array, bool_array, int_array, double_array, got "map"',
    ],
    [
      'bad attributes_list',
      'file_format: "1.0"\nresource: { attributes_list: "a=%zz" }',
      'resource.attributes_list: entry "a=%zz" has an invalid percent-encoding',
    ],
    [
      'substitution not closed',
      'file_format: "1.0"\nresource:\n  attributes:\n    - name: a\n      value: "${OOPS"',
      'resource.attributes[0].value: unterminated substitution "${OOPS"',
    ],
    [
      'substitution of no variable',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${...} syntax is what is under test
      'file_format: "1.0"\nmeter_provider:\n  readers:\n    - periodic:\n        interval: ${1BAD}\n        exporter: { console: }',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${...} syntax is what is under test
      'meter_provider.readers[0].periodic.interval: invalid substitution "${1BAD}"',
    ],
  ])('%s', (_name, text, expected) => {
    expect(errorsOf(text)).toContain(expected);
  });

  it('reports all problems of a file at once, in the error message too', () => {
    const text = withReaders(
      '    - periodic: { interval: x, timeout: y, exporter: { console: } }\n    - pull: { exporter: { prometheus: { port: z } } }',
    );
    try {
      parseConfigText(text, {}, 'otel.yaml');
      expect.unreachable();
    } catch (error) {
      const e = error as ConfigFileError;
      expect(e.issues).toEqual([
        'meter_provider.readers[0].periodic.interval: expected a number',
        'meter_provider.readers[0].periodic.timeout: expected a number',
        'meter_provider.readers[1].pull.exporter.prometheus.port: expected a number',
      ]);
      expect(e.message).toContain('Invalid OpenTelemetry configuration otel.yaml:');
      expect(e.message).toContain('meter_provider.readers[1].pull.exporter.prometheus.port: expected a number');
    }
  });

  it('reports YAML syntax errors and unreadable files', () => {
    expect(errorsOf('file_format: "1.0"\nmeter_provider: [\n')[0]).toMatch(/^YAML: /);
    expect(() => loadConfigFile(fixture('does-not-exist.yaml'))).toThrow(/cannot read the file/);
    expect(errorsOf('- just\n- a list')).toEqual(['(root): expected a mapping with file_format']);
  });
});
