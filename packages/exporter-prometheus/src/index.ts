export { PrometheusSerializer } from './serializer.js';
export type { PrometheusSerializerOptions, SliceOptions } from './serializer.js';
export { CONTENT_TYPES } from './formats.js';
export type { ExpositionFormat } from './formats.js';
export { metricNames, sanitizeLabelName, sanitizeMetricName, unitSuffix } from './names.js';
export type { MetricNames, NamingOptions, PrometheusType } from './names.js';
