/**
 * Frozen attribute objects for the request metrics, built once per distinct combination and
 * then reused, so a request of a known series allocates no attributes and an SDK that caches
 * by attribute identity (Yardstick does) skips hashing too.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_SCHEME,
  KNOWN_METHODS,
  OTHER_METHOD,
} from './semconv.js';

/** Index of `_OTHER` in the method table; known methods come first. */
export const OTHER_METHOD_INDEX = KNOWN_METHODS.length;
const METHODS: readonly string[] = [...KNOWN_METHODS, OTHER_METHOD];
const SCHEMES = ['http', 'https'] as const;
/** Protocol versions as the conventions spell them (`2`, not Node's `2.0`); index 0 = omitted. */
const VERSIONS = [undefined, '1.0', '1.1', '2', '3'] as const;

const methodIndexes = new Map<string, number>(KNOWN_METHODS.map((m, i) => [m, i]));

/** methodIndex maps a request method to its table index; unknown methods share `_OTHER`. */
export function methodIndex(method: string | undefined): number {
  if (method === undefined) return OTHER_METHOD_INDEX;
  if (method === 'GET') return 0;
  return methodIndexes.get(method) ?? OTHER_METHOD_INDEX;
}

/** versionIndex maps Node's `req.httpVersion` to a VERSIONS index (0 = not recorded). */
export function versionIndex(httpVersion: string | undefined): number {
  switch (httpVersion) {
    case '1.1':
      return 2;
    case '2.0':
      return 3;
    case '1.0':
      return 1;
    case '3.0':
      return 4;
    default:
      return 0;
  }
}

/** Key standing for "no http.route" in the route map (no real route contains NUL). */
const NO_ROUTE = '\u0000';

/** ActiveAttributes holds the `{method, scheme}` objects of `http.server.active_requests`. */
export class ActiveAttributes {
  private readonly table: Attributes[] = [];
  constructor() {
    for (const method of METHODS) {
      for (const scheme of SCHEMES) {
        this.table.push(Object.freeze({ [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_SCHEME]: scheme }));
      }
    }
  }
  /** Number of (method, scheme) slots. */
  get size(): number {
    return this.table.length;
  }
  /** Attributes of a slot (`method * 2 + scheme`). */
  at(slot: number): Attributes {
    return this.table[slot] as Attributes;
  }
}

/**
 * RequestSeries is one cached attribute set of the request histograms, with the duration
 * histogram's bound recorder when the SDK offers one (filled in by the recorder on first use).
 */
export interface RequestSeries {
  readonly attrs: Attributes;
  /** False past the cache limit: such an entry is used once and must not pin a series. */
  readonly cached: boolean;
  bound: { record(value: number): void } | undefined;
}

/**
 * RequestAttributes caches the attribute objects of the duration and body-size histograms,
 * keyed route → (status, method, scheme, version) packed into one small integer → error.type.
 * Past `limit` distinct objects it stops caching and builds a fresh object per request; the
 * SDK's cardinality limit then decides what happens to the series.
 */
export class RequestAttributes {
  private readonly byRoute = new Map<string, Map<number, Map<string, RequestSeries>>>();
  private size = 0;
  // The last hit: a service answering mostly one kind of request skips the three lookups.
  private lastRoute = '';
  private lastPacked = -1;
  private lastError = '';
  private last: RequestSeries | undefined = undefined;
  constructor(private readonly limit = 2000) {}

  get(
    method: number,
    scheme: number,
    route: string | undefined,
    status: number,
    errorType: string | undefined,
    version: number,
  ): RequestSeries {
    const routeKey = route === undefined ? NO_ROUTE : route;
    // status < 1000, method < 16, scheme < 2, version < 8: the packed key stays a small integer.
    const packed = (((status & 1023) * 16 + method) * 2 + scheme) * 8 + version;
    const errorKey = errorType === undefined ? '' : errorType;
    if (packed === this.lastPacked && routeKey === this.lastRoute && errorKey === this.lastError) {
      return this.last as RequestSeries;
    }
    let byPacked = this.byRoute.get(routeKey);
    let byError = byPacked?.get(packed);
    let hit = byError?.get(errorKey);
    if (hit === undefined) {
      const attrs = build(method, scheme, route, status, errorType, version);
      if (this.size >= this.limit) return { attrs, cached: false, bound: undefined };
      hit = { attrs, cached: true, bound: undefined };
      if (byPacked === undefined) this.byRoute.set(routeKey, (byPacked = new Map()));
      if (byError === undefined) byPacked.set(packed, (byError = new Map()));
      byError.set(errorKey, hit);
      this.size++;
    }
    this.lastRoute = routeKey;
    this.lastPacked = packed;
    this.lastError = errorKey;
    this.last = hit;
    return hit;
  }
}

function build(
  method: number,
  scheme: number,
  route: string | undefined,
  status: number,
  errorType: string | undefined,
  version: number,
): Attributes {
  const attrs: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: METHODS[method],
    [ATTR_URL_SCHEME]: SCHEMES[scheme],
  };
  if (route !== undefined) attrs[ATTR_HTTP_ROUTE] = route;
  if (status > 0) attrs[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
  if (errorType !== undefined) attrs[ATTR_ERROR_TYPE] = errorType;
  const v = VERSIONS[version];
  if (v !== undefined) attrs[ATTR_NETWORK_PROTOCOL_VERSION] = v;
  return Object.freeze(attrs);
}
