/**
 * The three exposition formats and their exact Content-Type strings (prometheus/common expfmt constants).
 */

/** ExpositionFormat names a scrape format. */
export type ExpositionFormat = 'text' | 'openmetrics' | 'protobuf';

/** Content-Type of each format. */
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
  protobuf: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
};
