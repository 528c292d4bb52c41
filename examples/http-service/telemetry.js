// Metrics setup for the example service: Prometheus pull (+ dev dashboard), console tables on a
// timer, and OTLP push when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { ConsoleMetricExporter } from '@yardstick/exporter-console';
import { PrometheusExporter } from '@yardstick/exporter-prometheus';
import { MeterProvider, PeriodicExportingMetricReader, resourceFromAttributes } from '@yardstick/sdk';

/** Milliseconds from an env variable, or the default when unset/invalid. */
export function envMillis(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Console tables show only the HTTP metrics by default; the runtime metrics are many and are
 * better read on /metrics. CONSOLE_METRICS=all prints everything, CONSOLE_METRICS=none nothing.
 */
function onlyHttpMetrics(exporter) {
  return {
    export(resourceMetrics, done) {
      const scopeMetrics = resourceMetrics.scopeMetrics
        .map((s) => ({ ...s, metrics: s.metrics.filter((m) => m.descriptor.name.startsWith('http.')) }))
        .filter((s) => s.metrics.length > 0);
      exporter.export({ ...resourceMetrics, scopeMetrics }, done);
    },
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality: exporter.selectAggregationTemporality?.bind(exporter),
  };
}

/**
 * setupTelemetry builds the MeterProvider and waits for the metrics server to listen.
 * Prometheus host/port come from OTEL_EXPORTER_PROMETHEUS_HOST / _PORT (default localhost:9464).
 */
export async function setupTelemetry({ serviceName = 'http-service' } = {}) {
  let listening;
  const started = new Promise((resolve, reject) => {
    listening = (err) => (err ? reject(err) : resolve());
  });
  const prometheus = new PrometheusExporter({ dashboard: true }, listening);
  const readers = [prometheus];

  const consoleMode = process.env.CONSOLE_METRICS ?? 'http';
  if (consoleMode !== 'none') {
    const console = new ConsoleMetricExporter();
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: consoleMode === 'all' ? console : onlyHttpMetrics(console),
        exportIntervalMillis: envMillis('EXPORT_INTERVAL_MS', 5000),
      }),
    );
  }

  let otlp;
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) {
    // Loaded only when asked for: the endpoint, protocol and headers come from the OTEL_* env.
    const { OTLPMetricExporter } = await import('@yardstick/exporter-otlp');
    otlp = new OTLPMetricExporter();
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: otlp,
        exportIntervalMillis: envMillis('OTEL_METRIC_EXPORT_INTERVAL', 10_000),
      }),
    );
  }

  const meterProvider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    readers,
  });
  await started;
  const { url, dashboardUrl } = prometheus.address();
  return { meterProvider, prometheus, otlp, metricsUrl: url, dashboardUrl };
}
