/** OpenTelemetry JS: @opentelemetry/sdk-metrics 2.x with a minimal MetricReader subclass. */
import { AggregationTemporality, AggregationType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

export const label = 'OpenTelemetry JS';

/** A pull reader, the same as the SDK's own readers minus export: collect() is called by hand. */
class BenchReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

/**
 * setup builds a provider whose cardinality limit (default 2000) is raised so every series is
 * kept and rendered, as in Yardstick.
 */
export function setup({ delta = false, exponential = false } = {}) {
  const reader = new BenchReader({
    cardinalitySelector: () => 10_000_000,
    aggregationTemporalitySelector: delta
      ? () => AggregationTemporality.DELTA
      : () => AggregationTemporality.CUMULATIVE,
  });
  const provider = new MeterProvider({
    readers: [reader],
    views: [
      {
        instrumentName: '*',
        aggregationCardinalityLimit: 10_000_000,
        ...(exponential ? { aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } } : {}),
      },
    ],
  });
  const meter = provider.getMeter('bench');
  return {
    meter,
    reader,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new Error(`collect errors: ${errors.join('; ')}`);
      return resourceMetrics;
    },
  };
}

export async function prometheusSerializer() {
  const { PrometheusSerializer } = await import('@opentelemetry/exporter-prometheus');
  const s = new PrometheusSerializer();
  // Its exporter answers a scrape with response.end(text): the text is encoded to bytes there.
  return { serialize: (rm) => Buffer.from(s.serialize(rm)) };
}

export async function otlpSerializer() {
  const { ProtobufMetricsSerializer } = await import('@opentelemetry/otlp-transformer');
  return { serialize: (rm) => ProtobufMetricsSerializer.serializeRequest(rm) };
}
