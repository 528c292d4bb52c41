export { PrometheusSerializer } from './serializer.js';
export type { PrometheusSerializerOptions, SliceOptions } from './serializer.js';
export { CONTENT_TYPES } from './formats.js';
export type { ExpositionFormat } from './formats.js';
export { metricNames, sanitizeLabelName, sanitizeMetricName, unitSuffix } from './names.js';
export type { MetricNames, NamingOptions, PrometheusType } from './names.js';
export { PrometheusExporter } from './exporter.js';
export type { PrometheusExporterOptions, ScrapeChunksResponse, ScrapeRequest, ScrapeResponse } from './exporter.js';
export { acceptsGzip, negotiateFormat } from './negotiate.js';
export { nodeHttpHandler, writeScrapeResponse } from './adapters/node-http.js';
export { expressMetricsHandler } from './adapters/express.js';
export { fastifyMetricsHandler, fastifyMetricsPlugin } from './adapters/fastify.js';
export type {
  FastifyInstanceLike,
  FastifyMetricsPluginOptions,
  FastifyReplyLike,
  FastifyRequestLike,
} from './adapters/fastify.js';
export { webMetricsHandler } from './adapters/web.js';
export { Dashboard } from './dashboard/dashboard.js';
export type { DashboardData, DashboardOptions } from './dashboard/dashboard.js';
export { GoldenSignals } from './dashboard/golden-signals.js';
export type { GoldenSignalsOptions, GoldenSignalsSample } from './dashboard/golden-signals.js';
