/**
 * Fastify adapter: a route handler and a plugin. Typed structurally, so this package does not
 * depend on Fastify.
 */
import { Readable } from 'node:stream';
import type { PrometheusExporter } from '../exporter.js';

/** The parts of a Fastify request the handler reads. */
export interface FastifyRequestLike {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** The parts of a Fastify reply the handler uses. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

/** The parts of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  route(options: {
    method: string[];
    url: string;
    exposeHeadRoute?: boolean;
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<FastifyReplyLike>;
  }): unknown;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * fastifyMetricsHandler returns an async route handler.
 *
 * @example
 * app.get('/metrics', fastifyMetricsHandler(exporter));
 */
export function fastifyMetricsHandler(
  exporter: PrometheusExporter,
): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<FastifyReplyLike> {
  return async (request, reply) => {
    const result = await exporter.scrapeChunks({
      method: request.method,
      accept: header(request.headers.accept),
      acceptEncoding: header(request.headers['accept-encoding']),
    });
    const body = result.chunks.length === 1 ? result.chunks[0] : Readable.from(result.chunks, { objectMode: false });
    return reply.code(result.status).headers(result.headers).send(body);
  };
}

/** Options of fastifyMetricsPlugin. */
export interface FastifyMetricsPluginOptions {
  exporter: PrometheusExporter;
  /** Route path; default `/metrics`. */
  path?: string;
}

/**
 * fastifyMetricsPlugin registers the metrics route (GET and HEAD served; other methods get 405).
 *
 * @example
 * await app.register(fastifyMetricsPlugin, { exporter, path: '/metrics' });
 */
export function fastifyMetricsPlugin(
  instance: FastifyInstanceLike,
  options: FastifyMetricsPluginOptions,
  done: (err?: Error) => void,
): void {
  instance.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'],
    url: options.path ?? '/metrics',
    exposeHeadRoute: false,
    handler: fastifyMetricsHandler(options.exporter),
  });
  done();
}
