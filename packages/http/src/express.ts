/**
 * Express (4 and 5) middleware. The route template is read when the response ends, from
 * `req.baseUrl` + `req.route.path`, so it is whatever route actually answered.
 */
import { IncomingMessage, type ServerResponse } from 'node:http';
import { HttpServerMetrics, recordError } from './http-server-metrics.js';
import type { HttpMetricsOptions, RouteResolver } from './options.js';

/** Options of `expressMetrics`. */
export interface ExpressMetricsOptions extends HttpMetricsOptions {
  /** Overrides how the route template is found (default: `req.baseUrl` + `req.route.path`). */
  getRoute?: RouteResolver;
}

/** The fields of an Express request this module reads. */
interface ExpressRequestFields {
  baseUrl?: string;
  route?: { path?: unknown };
  [kBaseAtMatch]?: string;
}

/** `req.baseUrl` as it was when Express matched `req.route` (see captureMatchBase). */
const kBaseAtMatch = Symbol('yardstick.http.express.base');
const kRouteValue = Symbol('yardstick.http.express.route');
const patchedPrototypes = new WeakSet<object>();
const IncomingMessageProto: object = IncomingMessage.prototype;

/**
 * captureMatchBase makes `req.route` an accessor on the app's request prototype (once per
 * prototype, nothing per request), so that when Express assigns the matched route we also keep
 * the `req.baseUrl` of that moment. Express resets `baseUrl` when an error leaves a nested
 * router, so reading it at the end would drop the router's mount path.
 */
function captureMatchBase(req: IncomingMessage): void {
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === null || proto === Object.prototype || patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  // Leave a prototype alone if something (or Express itself, one day) already defines route.
  if (proto === IncomingMessageProto || Object.getOwnPropertyDescriptor(proto, 'route') !== undefined) return;
  type Fields = ExpressRequestFields & { [kRouteValue]?: unknown };
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: false,
    get(this: Fields) {
      return this[kRouteValue];
    },
    set(this: Fields, route: unknown) {
      this[kRouteValue] = route;
      this[kBaseAtMatch] = this.baseUrl;
    },
  });
}

type Next = (err?: unknown) => void;

/** The middleware returned by `expressMetrics`, with its companion error handler. */
export interface ExpressMetricsMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: Next): void;
  /**
   * Optional error-handling middleware: mount it after your routes to record a thrown error's
   * class name as `error.type` (otherwise a 5xx is recorded by status code). It passes the
   * error on unchanged.
   */
  errorHandler: (err: unknown, req: IncomingMessage, res: ServerResponse, next: Next) => void;
}

/**
 * expressRoute returns `req.baseUrl + req.route.path`, or undefined when no route matched
 * (404s, static files), so raw URLs never become `http.route` values.
 */
export function expressRoute(req: IncomingMessage): string | undefined {
  const fields = req as IncomingMessage & ExpressRequestFields;
  const route = fields.route;
  if (route === undefined || route === null) return undefined;
  const path = route.path;
  const baseUrl = fields[kBaseAtMatch] ?? fields.baseUrl;
  const base = typeof baseUrl === 'string' ? baseUrl : '';
  if (typeof path === 'string') return base !== '' && path === '/' ? base : base + path;
  // Regular-expression and array paths are bounded by the code, so their source is a fine name.
  return path === undefined ? undefined : base + String(path);
}

/**
 * expressMetrics returns middleware that records the HTTP golden signals. Mount it first.
 *
 * @example
 * const metrics = expressMetrics({ meterProvider });
 * app.use(metrics);
 * app.get('/users/:id', handler);
 * app.use(metrics.errorHandler); // optional: error.type = thrown class name
 */
export function expressMetrics(options: ExpressMetricsOptions = {}): ExpressMetricsMiddleware {
  const recorder = new HttpServerMetrics(options);
  const resolve = options.getRoute ?? expressRoute;
  const capture = options.getRoute === undefined;
  const middleware = (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (capture) captureMatchBase(req);
    recorder.begin(req, res, undefined, resolve);
    next();
  };
  // Express tells error handlers apart by their four declared parameters.
  const errorHandler = (err: unknown, _req: IncomingMessage, res: ServerResponse, next: Next): void => {
    recordError(res, err);
    next(err);
  };
  return Object.assign(middleware, { errorHandler });
}
