export { HttpServerMetrics, errorTypeOf, recordError, setRoute } from './http-server-metrics.js';
export type { HttpMetricsOptions, NodeHttpMetricsOptions, RouteResolver } from './options.js';
export { instrumentHttpServer, wrapRequestListener } from './node-http.js';
export type { RequestEmitter, RequestListener, WrapRequestListenerOptions } from './node-http.js';
export { expressMetrics, expressRoute } from './express.js';
export type { ExpressMetricsMiddleware, ExpressMetricsOptions } from './express.js';
export { fastifyMetrics } from './fastify.js';
export type { FastifyInstanceLike, FastifyMetricsPlugin } from './fastify.js';
export { compileRoutes } from './route-table.js';
export type { RouteMatcher } from './route-table.js';
export { startRuntimeMetrics } from './runtime-metrics.js';
export type { RuntimeMetricsOptions } from './runtime-metrics.js';
export {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_SCHEME,
  ERROR_ABORTED,
  HTTP_DURATION_BOUNDARIES,
  HTTP_SERVER_ACTIVE_REQUESTS,
  HTTP_SERVER_REQUEST_BODY_SIZE,
  HTTP_SERVER_REQUEST_DURATION,
  HTTP_SERVER_RESPONSE_BODY_SIZE,
  METER_NAME,
} from './semconv.js';
