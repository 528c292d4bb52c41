/**
 * The shared workload: attribute sets, values and histogram boundaries used by every library,
 * so each one does exactly the same work.
 */

/** OpenTelemetry's default explicit-bucket boundaries; prom-client is given the same ones. */
export const BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

/** The i-th attribute set: three string attributes, valid as Prometheus label names too. */
export function attrs3(i) {
  return { method: i % 2 === 0 ? 'GET' : 'POST', route: `/api/items/${i}`, status: '200' };
}

/** Label names of attrs3, for prom-client's labelNames. */
export const LABEL_NAMES = ['method', 'route', 'status'];

/** The Map baseline's key for an attribute set: what a hand-written cache would build. */
export function keyOf(a) {
  return `${a.method}|${a.route}|${a.status}`;
}

/** A fixed spread of histogram values landing in different buckets (indexed with i & 1023). */
export const VALUES = Float64Array.from({ length: 1024 }, (_, i) => ((i * 7919) % 12000) / 1.7);

/** n attribute sets, built once by the "application". */
export function attrSets(n, offset = 0) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = attrs3(i + offset);
  return out;
}
