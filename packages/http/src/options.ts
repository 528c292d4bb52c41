import type { MeterProvider } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';

/** RouteResolver returns the route TEMPLATE of a request (`/users/:id`), never its raw URL. */
export type RouteResolver = (req: IncomingMessage) => string | undefined;

/** Options shared by every integration (node:http, Express, Fastify). */
export interface HttpMetricsOptions {
  /**
   * Where the instruments are created. Defaults to the global provider of `@opentelemetry/api`
   * at the time the integration is created, so register your SDK first or pass it here.
   */
  meterProvider?: MeterProvider;
  /**
   * `http.route` value for requests whose route is unknown (404s, middleware that answered
   * before any route matched). Default: undefined, meaning the attribute is left out — the
   * conventions only require `http.route` when it is known. Either way all such requests
   * fold into one series per method/status.
   */
  unmatchedRoute?: string;
  /** Record `http.server.request.body.size` / `http.server.response.body.size` (By). Default false. */
  bodySizes?: boolean;
  /** Record `network.protocol.version` (`1.1`, `2`). Default true. */
  protocolVersion?: boolean;
  /** Requests for which `ignore(req)` returns true are not recorded at all (e.g. `/metrics`). */
  ignore?: (req: IncomingMessage) => boolean;
  /**
   * How many distinct attribute sets are cached for reuse (default 2000). Beyond that each
   * request builds its own object; the SDK's cardinality limit still applies.
   */
  maxAttributeSets?: number;
}

/** Options of `instrumentHttpServer` / `wrapRequestListener` for plain node:http servers. */
export interface NodeHttpMetricsOptions extends HttpMetricsOptions {
  /** Returns the route template of a request; called once when the response ends. */
  getRoute?: RouteResolver;
  /**
   * A small route table, used when `getRoute` is not given: templates with `:param` segments
   * and a trailing `*`, matched in order against `req.url` (query ignored).
   */
  routes?: readonly string[];
}
