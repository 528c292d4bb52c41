/**
 * node:http adapter: mount the metrics on any `(req, res)` server — plain node:http, Express
 * (whose req/res extend node's), Koa's `ctx.req/ctx.res`, and so on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrometheusExporter, ScrapeChunksResponse } from '../exporter.js';

/** writeScrapeResponse writes a scrape result to a node:http response. */
export function writeScrapeResponse(response: ServerResponse, result: ScrapeChunksResponse): void {
  if (response.headersSent || response.writableEnded) return;
  response.statusCode = result.status;
  for (const [name, value] of Object.entries(result.headers)) response.setHeader(name, value);
  for (const chunk of result.chunks) response.write(chunk);
  // 'finish': everything was handed to the operating system, so the buffers may be reused.
  response.end(result.release);
}

/**
 * nodeHttpHandler returns a `(req, res)` listener that answers every request with the metrics.
 *
 * @example
 * http.createServer((req, res) => {
 *   if (req.url === '/metrics') return metrics(req, res);
 *   // … your routes
 * });
 * const metrics = nodeHttpHandler(exporter);
 */
export function nodeHttpHandler(exporter: PrometheusExporter): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => exporter.getMetricsRequestHandler(req, res);
}
