import { DataPointType, type MetricData, type ResourceMetrics, quantiles } from '@yardstick/core';
import type { Palette } from './colors.js';
import { formatNumber } from './format-number.js';

/** The quantiles every histogram row shows. */
export const TABLE_QUANTILES = [0.5, 0.9, 0.99] as const;
const HISTOGRAM_COLUMNS = ['count', 'sum', 'min', 'max', 'p50', 'p90', 'p99'];

/**
 * renderTable renders one collection as text: a header line, then per metric a title line and an
 * aligned table with one column per attribute key and the value column(s).
 */
export function renderTable(rm: ResourceMetrics, time: Date, palette: Palette): string {
  const service = rm.resource.attributes['service.name'];
  const lines: string[] = [palette.dim(`── metrics at ${time.toISOString()}${service ? ` · ${String(service)}` : ''}`)];
  for (const sm of rm.scopeMetrics) {
    for (const metric of sm.metrics) {
      lines.push(titleLine(metric, sm.scope.name, palette));
      lines.push(...metricTable(metric, palette));
    }
  }
  return `${lines.join('\n')}\n`;
}

function titleLine(metric: MetricData, scope: string, palette: Palette): string {
  const d = metric.descriptor;
  const parts = [kindLabel(metric)];
  if (d.unit) parts.push(`unit ${d.unit}`);
  parts.push(`scope ${scope}`);
  const description = d.description ? ` — ${d.description}` : '';
  return `${palette.title(d.name)} ${palette.dim(`(${parts.join(', ')})${description}`)}`;
}

function kindLabel(metric: MetricData): string {
  const temporality = metric.aggregationTemporality === 0 ? 'delta' : 'cumulative';
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return `${metric.isMonotonic ? 'monotonic sum' : 'sum'}, ${temporality}`;
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
      return `histogram, ${temporality}`;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return `exponential histogram, ${temporality}`;
  }
}

function metricTable(metric: MetricData, palette: Palette): string[] {
  const keys = attributeKeys(metric);
  const isHistogram =
    metric.dataPointType === DataPointType.HISTOGRAM || metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM;
  const valueColumns = isHistogram ? HISTOGRAM_COLUMNS : ['value'];
  const rows: string[][] = [];
  for (const point of metric.dataPoints) {
    const cells = keys.map((k) => attributeText(point.attributes[k]));
    if (isHistogram) {
      const h = point.value as Parameters<typeof quantiles>[0];
      cells.push(
        String(h.count),
        formatNumber(h.sum),
        formatNumber(h.min),
        formatNumber(h.max),
        ...quantiles(h, TABLE_QUANTILES).map((q) => (Number.isNaN(q) ? '-' : formatNumber(q))),
      );
    } else {
      cells.push(formatNumber(point.value as number));
    }
    rows.push(cells);
  }
  const header = [...keys, ...valueColumns];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // Attribute columns read left-aligned, numbers right-aligned so digits line up.
  const pad = (cell: string, i: number) => (i < keys.length ? cell.padEnd(widths[i]) : cell.padStart(widths[i]));
  const line = (cells: string[]) => `  ${cells.map(pad).join('  ')}`.trimEnd();
  return [palette.header(line(header)), ...rows.map(line)];
}

/** attributeKeys is the sorted union of the attribute keys of every point. */
function attributeKeys(metric: MetricData): string[] {
  const keys = new Set<string>();
  for (const p of metric.dataPoints) for (const k of Object.keys(p.attributes)) keys.add(k);
  return [...keys].sort();
}

function attributeText(v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}
