/**
 * The targets of issue 9 (and issue 3's first benchmark), checked against one run's ratios.
 * A ratio is peer / Yardstick: 10 means Yardstick takes a tenth of the time (or heap).
 */
export const TARGETS = [
  {
    row: 'counter-3-fresh',
    peer: 'otel',
    min: 5,
    text: 'issue 3: counter.add, 3 attrs, fresh object per call: ≥ 5× faster than OpenTelemetry JS',
  },
  {
    row: 'histogram-3-same',
    peer: 'otel',
    min: 5,
    text: 'issue 3: histogram.record, 3 attrs: ≥ 5× faster than OpenTelemetry JS',
  },
  {
    row: 'exphistogram-3-same',
    peer: 'otel',
    min: 5,
    text: 'exponential histogram.record, 3 attrs: ≥ 5× faster than OpenTelemetry JS (issue 4)',
  },
  {
    row: 'counter-3-same',
    peer: 'otel',
    min: 10,
    text: 'counter.add, 3 attrs, same object: ≥ 10× faster than OpenTelemetry JS',
  },
  {
    row: 'counter-3-same',
    peer: 'prom',
    min: 3,
    text: 'counter.add, 3 attrs, same object: ≥ 3× faster than prom-client',
  },
  {
    row: 'counter-3-fresh',
    peer: 'otel',
    min: 4,
    text: 'counter.add, 3 attrs, fresh object: ≥ 4× faster than OpenTelemetry JS',
  },
  {
    row: 'counter-3-fresh',
    peer: 'prom',
    min: 1.5,
    text: 'counter.add, 3 attrs, fresh object: ≥ 1.5× faster than prom-client',
  },
  {
    row: 'histogram-3-same',
    peer: 'otel',
    min: 5,
    text: 'histogram.record, 3 attrs: ≥ 5× faster than OpenTelemetry JS',
  },
  { row: 'histogram-3-same', peer: 'prom', min: 2, text: 'histogram.record, 3 attrs: ≥ 2× faster than prom-client' },
  {
    row: 'counter-0',
    peer: 'otel',
    min: 5,
    text: 'counter.add, 0 attrs: ≥ 5× faster than OpenTelemetry JS (extra; issue 3 asks it with 3 attrs)',
  },
  {
    row: 'histogram-0',
    peer: 'otel',
    min: 5,
    text: 'histogram.record, 0 attrs: ≥ 5× faster than OpenTelemetry JS (extra; issue 3 asks it with 3 attrs)',
  },
  { row: 'bound-counter', peer: 'map', min: 0.5, text: 'bound counter: within 2× of a plain cell.value += v' },
  { row: 'bound-histogram', peer: 'map', min: 0.5, text: 'bound histogram: within 2× of a plain histogram cell' },
  {
    row: 'prometheus-10k',
    peer: 'otel',
    min: 15,
    text: 'Prometheus text, 10k sets: ≥ 15× faster than the OpenTelemetry exporter',
  },
  { row: 'prometheus-10k', peer: 'prom', min: 4, text: 'Prometheus text, 10k sets: ≥ 4× faster than prom-client' },
  {
    row: 'prometheus-100k',
    peer: 'otel',
    min: 15,
    text: 'Prometheus text, 100k sets: ≥ 15× faster than the OpenTelemetry exporter',
  },
  { row: 'prometheus-100k', peer: 'prom', min: 4, text: 'Prometheus text, 100k sets: ≥ 4× faster than prom-client' },
  {
    row: 'otlp-10k',
    peer: 'otel',
    min: 3,
    text: 'OTLP protobuf, 10k sets: ≥ 3× faster than @opentelemetry/otlp-transformer',
  },
  {
    row: 'otlp-100k',
    peer: 'otel',
    min: 3,
    text: 'OTLP protobuf, 100k sets: ≥ 3× faster than @opentelemetry/otlp-transformer',
  },
  {
    row: 'heap-per-set:afterCollect',
    peer: 'otel',
    min: 3,
    text: 'heap per attribute set after the first collection: ≤ 1/3 of OpenTelemetry JS',
  },
  {
    growth: ['prometheus-10k', 'prometheus-100k'],
    max: 12,
    text: 'Prometheus text: 100k sets take ≤ 12× the 10k time',
  },
  { growth: ['otlp-10k', 'otlp-100k'], max: 12, text: 'OTLP protobuf: 100k sets take ≤ 12× the 10k time' },
];

/**
 * evaluate returns each target with its measured figure and status: met, missed, or not run
 * (a case filtered out, skipped in quick mode, or not available yet).
 */
export function evaluate(rows) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return TARGETS.map((t) => {
    if (t.growth) {
      const [a, b] = t.growth.map((id) => byId.get(id)?.cells.yardstick?.value);
      if (a === undefined || b === undefined) return { ...t, status: 'not run' };
      const g = b / a;
      return { ...t, figure: `${g.toFixed(1)}× (10k → 100k)`, status: g <= t.max ? 'met' : 'missed' };
    }
    const r = byId.get(t.row)?.ratios[t.peer];
    if (r === undefined || !Number.isFinite(r)) return { ...t, status: 'not run' };
    return { ...t, figure: `${r.toFixed(2)}×`, status: r >= t.min ? 'met' : 'missed' };
  });
}
