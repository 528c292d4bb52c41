/** Yardstick: @yardstick/sdk MeterProvider with a ManualMetricReader (built dist). */
import { AggregationTemporality, AggregationType, ManualMetricReader, MeterProvider } from '@yardstick/sdk';

export const label = 'Yardstick';

/** setup builds a provider whose reader keeps every series (limit raised like the peers'). */
export function setup({ delta = false, exponential = false } = {}) {
  const reader = new ManualMetricReader({
    cardinalitySelector: () => 10_000_000,
    aggregationTemporalitySelector: delta
      ? () => AggregationTemporality.DELTA
      : () => AggregationTemporality.CUMULATIVE,
  });
  const views = exponential
    ? [{ instrumentName: '*', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }]
    : [];
  const provider = new MeterProvider({ readers: [reader], views });
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

/** Yardstick's Prometheus text serializer, or the reason it cannot be used yet. */
export async function prometheusSerializer() {
  const mod = await import('@yardstick/exporter-prometheus');
  if (typeof mod.PrometheusSerializer !== 'function') {
    return { skip: 'not available: @yardstick/exporter-prometheus does not export PrometheusSerializer yet' };
  }
  const s = new mod.PrometheusSerializer();
  // What the exporter does per scrape: render straight into response chunks (sliced, bytes),
  // and give them back for reuse once the response is written.
  return {
    serialize: (rm) => s.serializeInSlices(rm, 'text'),
    release: (chunks) => s.release?.(chunks),
  };
}

/**
 * Yardstick's OTLP protobuf encoding as the exporter performs it on every export: the
 * ProtobufMetricsEncoder writes into a buffer it reuses between exports (a fresh 50 MB buffer
 * per call would mostly measure page faults). `serializeRequest` (fresh bytes per call, the
 * otlp-transformer shape) is the fallback.
 */
export async function otlpSerializer() {
  const mod = await import('@yardstick/exporter-otlp');
  if (typeof mod.ProtobufMetricsEncoder === 'function') {
    const encoder = new mod.ProtobufMetricsEncoder();
    return { serialize: (rm) => encoder.encode(rm) };
  }
  const s = mod.ProtobufMetricsSerializer;
  if (s === undefined) {
    return { skip: 'not available: @yardstick/exporter-otlp does not export ProtobufMetricsSerializer yet' };
  }
  const inst = typeof s === 'function' ? new s() : s;
  return { serialize: (rm) => inst.serializeRequest(rm) };
}
