import type { ResourceMetrics } from '@yardstick/core';
import type { ExportResult, OTLPMetricExporter } from '../../src/index.js';

/** exportOnce runs one export and resolves with its result and duration. */
export function exportOnce(
  exporter: OTLPMetricExporter,
  rm: ResourceMetrics,
): Promise<ExportResult & { elapsed: number }> {
  const start = Date.now();
  return new Promise((resolve) => exporter.export(rm, (r) => resolve({ ...r, elapsed: Date.now() - start })));
}
