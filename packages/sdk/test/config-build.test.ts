import { AggregationTemporality, DataPointType, InstrumentType } from '@yardstick/core';
import { ConsoleMetricExporter } from '@yardstick/exporter-console';
import { createMeterProviderFromConfig, parseConfigText, parseEnvConfig } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';
import { temporalityFor } from '../src/config/preferences.js';

describe('createMeterProviderFromConfig', () => {
  it('loads the console exporter at runtime and builds a periodic reader from env', async () => {
    const { config } = parseEnvConfig({ OTEL_METRICS_EXPORTER: 'console', OTEL_METRIC_EXPORT_TIMEOUT: '1234' });
    const built = await createMeterProviderFromConfig(config);
    expect(built.warnings).toEqual([]);
    expect(built.readers).toHaveLength(1);
    expect(built.exportTimeoutMillis).toBe(1234);
    await built.provider.shutdown();
  });

  it('warns clearly about a missing exporter package and continues without it', async () => {
    const { config } = parseEnvConfig({ OTEL_METRICS_EXPORTER: 'prometheus,console' });
    const built = await createMeterProviderFromConfig(config, {
      // Simulates an app that has only the console exporter installed.
      loadModule: async (name) => (name === '@yardstick/exporter-console' ? { ConsoleMetricExporter } : undefined),
    });
    expect(built.warnings).toEqual([
      'OTEL_METRICS_EXPORTER=prometheus needs @yardstick/exporter-prometheus installed (npm install @yardstick/exporter-prometheus); continuing without it.',
    ]);
    expect(built.readers).toHaveLength(1);
    await built.provider.shutdown();
  });

  it('reports a package that fails to load or lacks the export, without throwing', async () => {
    const { config } = parseEnvConfig({ OTEL_METRICS_EXPORTER: 'otlp,console' });
    const built = await createMeterProviderFromConfig(config, {
      loadModule: async (name) => {
        if (name === '@yardstick/exporter-otlp') throw new Error('syntax error in dist');
        return {};
      },
    });
    expect(built.readers).toHaveLength(0);
    expect(built.warnings).toEqual([
      'OTEL_METRICS_EXPORTER=otlp: @yardstick/exporter-otlp failed to load (syntax error in dist); skipping it.',
      '@yardstick/exporter-console does not export ConsoleMetricExporter; continuing without the console exporter.',
    ]);
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'table'],
    [{ OTEL_EXPORTER_CONSOLE_FORMAT: 'json' }, 'json'],
  ])('hands the console format %j to the exporter', async (env, format) => {
    const { config } = parseEnvConfig({ OTEL_METRICS_EXPORTER: 'console', ...env });
    const seen: object[] = [];
    const built = await createMeterProviderFromConfig(config, {
      loadModule: async () => ({
        ConsoleMetricExporter: class extends ConsoleMetricExporter {
          constructor(options: object) {
            super(options);
            seen.push(options);
          }
        },
      }),
    });
    expect(seen).toHaveLength(1);
    expect((seen[0] as { format?: string }).format ?? 'table').toBe(format);
    await built.provider.shutdown();
  });

  it('caps the OTLP request timeout at the export timeout', async () => {
    const { config } = parseEnvConfig({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TIMEOUT: '10000',
      OTEL_METRIC_EXPORT_TIMEOUT: '1500',
    });
    const seen: { timeoutMillis?: number }[] = [];
    const built = await createMeterProviderFromConfig(config, {
      loadModule: async () => ({
        OTLPMetricExporter: class extends ConsoleMetricExporter {
          constructor(options: { timeoutMillis?: number }) {
            super({});
            seen.push(options);
          }
        },
      }),
    });
    expect(seen.map((o) => o.timeoutMillis)).toEqual([1500]);
    expect(built.exportTimeoutMillis).toBe(1500);
    await built.provider.shutdown();
  });

  it('builds no reader when disabled, and passes the exemplar filter on', async () => {
    const { config } = parseEnvConfig({
      OTEL_SDK_DISABLED: 'true',
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_METRICS_EXEMPLAR_FILTER: 'always_off',
    });
    const built = await createMeterProviderFromConfig(config);
    expect(built.disabled).toBe(true);
    expect(built.readers).toEqual([]);
    expect(built.exemplarFilter).toBe('always_off');
  });

  it('applies file views, cardinality limits, temporality and histogram preferences to the reader', async () => {
    const { config } = parseConfigText(
      `file_format: "1.0"
meter_provider:
  readers:
    - periodic:
        exporter:
          console:
            temporality_preference: delta
            default_histogram_aggregation: base2_exponential_bucket_histogram
        cardinality_limits: { default: 7, counter: 3 }
  views:
    - selector: { instrument_name: renamed.source }
      stream: { name: renamed.target }
`,
      {},
    );
    const built = await createMeterProviderFromConfig(config);
    const [reader] = built.readers;
    expect(reader.selectCardinalityLimit(InstrumentType.COUNTER)).toBe(3);
    expect(reader.selectCardinalityLimit(InstrumentType.GAUGE)).toBe(7);
    expect(reader.selectAggregationTemporality(InstrumentType.COUNTER)).toBe(AggregationTemporality.DELTA);
    expect(reader.selectAggregationTemporality(InstrumentType.UP_DOWN_COUNTER)).toBe(AggregationTemporality.CUMULATIVE);
    const meter = built.provider.getMeter('m');
    const counter = meter.createCounter('renamed.source');
    for (let i = 0; i < 10; i++) counter.add(1, { i });
    meter.createHistogram('h').record(5);
    const { resourceMetrics } = await reader.collect();
    const metrics = resourceMetrics.scopeMetrics[0].metrics;
    const renamed = metrics.find((m) => m.descriptor.name === 'renamed.target');
    // Limit 3: two real series plus the overflow series.
    expect(renamed?.dataPoints).toHaveLength(3);
    expect(metrics.find((m) => m.descriptor.name === 'h')?.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    await built.provider.shutdown();
  });
});

describe('temporality preferences', () => {
  const { DELTA: D, CUMULATIVE: C } = AggregationTemporality;
  it.each([
    [InstrumentType.COUNTER, C, D, D],
    [InstrumentType.OBSERVABLE_COUNTER, C, D, C],
    [InstrumentType.HISTOGRAM, C, D, D],
    [InstrumentType.GAUGE, C, D, D],
    [InstrumentType.OBSERVABLE_GAUGE, C, D, C],
    [InstrumentType.UP_DOWN_COUNTER, C, C, C],
    [InstrumentType.OBSERVABLE_UP_DOWN_COUNTER, C, C, C],
  ])('%s: cumulative %s, delta %s, low_memory %s', (type, cumulative, delta, lowMemory) => {
    expect(temporalityFor('cumulative', type)).toBe(cumulative);
    expect(temporalityFor('delta', type)).toBe(delta);
    expect(temporalityFor('low_memory', type)).toBe(lowMemory);
  });
});
