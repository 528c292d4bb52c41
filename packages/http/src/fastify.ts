/**
 * Fastify (4 and 5) plugin. Fastify routes before `onRequest`, so the template
 * (`request.routeOptions.url`, prefix included) is known when timing starts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpServerMetrics, recordError } from './http-server-metrics.js';
import type { HttpMetricsOptions } from './options.js';

/** The parts of a Fastify request / reply this plugin reads. */
interface FastifyRequestLike {
  raw: IncomingMessage;
  routeOptions?: { url?: string };
}
interface FastifyReplyLike {
  raw: ServerResponse;
}
type HookDone = (err?: Error) => void;

/** The part of a Fastify instance this plugin uses. */
export interface FastifyInstanceLike {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void,
  ): unknown;
  addHook(
    name: 'onError',
    hook: (request: FastifyRequestLike, reply: FastifyReplyLike, error: Error, done: HookDone) => void,
  ): unknown;
}

/** A Fastify plugin function that opted out of encapsulation, as `fastify-plugin` would mark it. */
export interface FastifyMetricsPlugin {
  (instance: FastifyInstanceLike, options: HttpMetricsOptions, done: (err?: Error) => void): void;
  [key: symbol]: unknown;
}

/**
 * fastifyMetrics is a Fastify plugin recording the HTTP golden signals for every route of the
 * instance it is registered on, including routes registered later and in child contexts.
 * Its options are `HttpMetricsOptions`.
 *
 * @example
 * const app = Fastify();
 * await app.register(fastifyMetrics, { meterProvider });
 * app.get('/users/:id', handler);
 */
export const fastifyMetrics: FastifyMetricsPlugin = Object.assign(
  function fastifyMetrics(
    instance: FastifyInstanceLike,
    options: HttpMetricsOptions,
    done: (err?: Error) => void,
  ): void {
    const recorder = new HttpServerMetrics(options);
    instance.addHook('onRequest', (request, reply, next) => {
      const url = request.routeOptions?.url;
      recorder.begin(request.raw, reply.raw, typeof url === 'string' && url !== '' ? url : undefined);
      next();
    });
    instance.addHook('onError', (_request, reply, error, next) => {
      recordError(reply.raw, error);
      next();
    });
    done();
  },
  {
    // What fastify-plugin does, without depending on it: hooks apply to the parent context too.
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@yardstick/http',
    [Symbol.for('plugin-meta')]: { name: '@yardstick/http', fastify: '>=4' },
  },
);
