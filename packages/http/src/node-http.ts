/**
 * Plain `node:http` / `node:https` servers. There is no router, so the route template comes
 * from `getRoute(req)`, a small route table, or `setRoute(res, template)` inside the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpServerMetrics, recordError } from './http-server-metrics.js';
import type { NodeHttpMetricsOptions, RouteResolver } from './options.js';
import { compileRoutes } from './route-table.js';

/** The part of `http.Server` / `https.Server` this module uses. */
export interface RequestEmitter {
  prependListener(event: 'request', listener: (req: IncomingMessage, res: ServerResponse) => void): unknown;
  removeListener(event: 'request', listener: (req: IncomingMessage, res: ServerResponse) => void): unknown;
}

/** A request listener as `http.createServer` takes it; it may return a promise. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Options of `wrapRequestListener`. */
export interface WrapRequestListenerOptions extends NodeHttpMetricsOptions {
  /**
   * Called with an error the listener threw (or its promise rejected with), after the error was
   * recorded as `error.type`. Without it the error propagates exactly as it would unwrapped.
   */
  onError?: (err: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

function routeResolver(options: NodeHttpMetricsOptions): RouteResolver | undefined {
  if (options.getRoute) return options.getRoute;
  if (options.routes && options.routes.length > 0) {
    const match = compileRoutes(options.routes);
    return (req) => match(req.url);
  }
  return undefined;
}

/**
 * instrumentHttpServer records every request of an existing server. Its listener is prepended,
 * so timing starts before the application's own listener runs. Returns a function that stops
 * recording new requests.
 *
 * @example
 * const server = http.createServer(handler);
 * instrumentHttpServer(server, { routes: ['/users/:id', '/health'] });
 */
export function instrumentHttpServer(server: RequestEmitter, options: NodeHttpMetricsOptions = {}): () => void {
  const recorder = new HttpServerMetrics(options);
  const resolve = routeResolver(options);
  const listener = (req: IncomingMessage, res: ServerResponse): void => recorder.begin(req, res, undefined, resolve);
  server.prependListener('request', listener);
  return () => {
    server.removeListener('request', listener);
  };
}

/**
 * wrapRequestListener returns a request listener that records metrics around `listener`.
 * Errors it throws (or rejects with) are recorded as `error.type` and then rethrown, or handed
 * to `options.onError` when given.
 *
 * @example
 * http.createServer(wrapRequestListener(handler, { getRoute: (req) => myRouter.templateOf(req) }));
 */
export function wrapRequestListener(
  listener: RequestListener,
  options: WrapRequestListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const recorder = new HttpServerMetrics(options);
  const resolve = routeResolver(options);
  const onError = options.onError;
  const fail = (err: unknown, req: IncomingMessage, res: ServerResponse): void => {
    recordError(res, err);
    if (onError === undefined) throw err;
    onError(err, req, res);
  };
  return function instrumentedListener(this: unknown, req: IncomingMessage, res: ServerResponse): void {
    recorder.begin(req, res, undefined, resolve);
    let result: unknown;
    try {
      result = listener.call(this, req, res);
    } catch (err) {
      fail(err, req, res);
      return;
    }
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (err: unknown) => fail(err, req, res));
    }
  };
}
