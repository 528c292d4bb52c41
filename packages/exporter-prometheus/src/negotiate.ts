/**
 * Content negotiation as Prometheus does it: serve the supported media type with the highest `q`
 * in `Accept` (earlier wins ties), fall back to text 0.0.4 — never answer 406, since a scraper
 * that asks for nothing we speak still understands text 0.0.4.
 */
import type { ExpositionFormat } from './formats.js';

interface MediaRange {
  readonly type: string;
  readonly params: Map<string, string>;
  readonly q: number;
}

function parseList(header: string): MediaRange[] {
  const out: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [rawType, ...rawParams] = part.split(';');
    const type = rawType.trim().toLowerCase();
    if (type === '') continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq === -1) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        const n = Number(value);
        q = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
      } else params.set(key, value);
    }
    out.push({ type, params, q });
  }
  return out;
}

function formatOf(range: MediaRange): ExpositionFormat | undefined {
  const version = range.params.get('version');
  switch (range.type) {
    case 'application/vnd.google.protobuf':
      return range.params.get('proto') === 'io.prometheus.client.MetricFamily' &&
        range.params.get('encoding') === 'delimited'
        ? 'protobuf'
        : undefined;
    case 'application/openmetrics-text':
      // OpenMetrics 0.0.1 and 1.0.0 share the syntax we write.
      return version === undefined || version === '1.0.0' || version === '0.0.1' ? 'openmetrics' : undefined;
    case 'text/plain':
      return version === undefined || version === '0.0.4' ? 'text' : undefined;
    case '*/*':
    case 'text/*':
      return 'text';
    default:
      return undefined;
  }
}

/** negotiateFormat picks the exposition format for an `Accept` header. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (!accept) return 'text';
  let best: ExpositionFormat = 'text';
  let bestQ = 0;
  for (const range of parseList(accept)) {
    if (range.q <= bestQ) continue;
    const format = formatOf(range);
    if (format === undefined) continue;
    best = format;
    bestQ = range.q;
  }
  return best;
}

/** acceptsGzip tells whether an `Accept-Encoding` header allows gzip. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let star = false;
  for (const range of parseList(acceptEncoding)) {
    if (range.type === 'gzip' || range.type === 'x-gzip') return range.q > 0;
    if (range.type === '*') star = range.q > 0;
  }
  return star;
}
