/**
 * Express adapter. Express' request and response extend node's, so this is the node:http handler
 * with Express' middleware signature.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrometheusExporter } from '../exporter.js';

/**
 * expressMetricsHandler returns a route handler for Express 4 and 5.
 *
 * @example
 * app.get('/metrics', expressMetricsHandler(exporter));
 */
export function expressMetricsHandler(
  exporter: PrometheusExporter,
): (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void {
  return (req, res) => exporter.getMetricsRequestHandler(req, res);
}
