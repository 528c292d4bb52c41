/**
 * The recorder behind every integration: instruments are created once; a request served by a
 * node:http server reuses one state object per connection, is recorded when node:http publishes
 * its finish, and counts as aborted if its socket closes first (one `close` listener per
 * connection, shared by its keep-alive requests). Anything else (pipelined requests, responses
 * not written by a node:http server) gets its own state and one shared `close` listener.
 */
import { type Attributes, type Histogram, metrics } from '@opentelemetry/api';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { type ActiveRequests, activeRequestsFor } from './active-requests.js';
import { methodIndex, RequestAttributes, type RequestSeries, versionIndex } from './attribute-cache.js';
import type { HttpMetricsOptions, RouteResolver } from './options.js';
import { reportOnce } from './report.js';
import {
  ERROR_ABORTED,
  ERROR_OTHER,
  HTTP_DURATION_BOUNDARIES,
  HTTP_SERVER_REQUEST_BODY_SIZE,
  HTTP_SERVER_REQUEST_DURATION,
  HTTP_SERVER_RESPONSE_BODY_SIZE,
  METER_NAME,
} from './semconv.js';
import { VERSION } from './version.js';

/** What one in-flight request needs at its end; reused per connection on the fast path. */
class RequestState {
  recorder: HttpServerMetrics;
  /** The request in flight; cleared at its end, so an idle connection does not keep it alive. */
  req: IncomingMessage | undefined;
  start = 0;
  method = 0;
  scheme = 0;
  version = 0;
  route: string | undefined = undefined;
  resolve: RouteResolver | undefined = undefined;
  errorType: string | undefined = undefined;
  /** The response being answered, while in flight on its connection (fast path only). */
  res: ServerResponse | undefined = undefined;
  constructor(recorder: HttpServerMetrics, req: IncomingMessage) {
    this.recorder = recorder;
    this.req = req;
  }
}

/** A bound histogram as the Yardstick SDK returns it. */
interface BoundRecorder {
  record(value: number): void;
}

const kConnection = Symbol('yardstick.http.connection');
/**
 * The fast path puts nothing on the response: a property there would give tracked and untracked
 * responses different shapes and slow node:http's own code down. Its state hangs off the socket.
 */
const ownStates = new WeakMap<ServerResponse, RequestState>();
/** The fields of a server-side socket read here (`parser` and `_httpMessage` are node:http's own). */
type TrackedSocket = Socket & {
  [kConnection]?: RequestState;
  parser?: unknown;
  _httpMessage?: unknown;
};

/** stateOf finds the in-flight state of a response, if it is tracked. */
function stateOf(res: ServerResponse): RequestState | undefined {
  const state = (res.socket as TrackedSocket | null)?.[kConnection];
  if (state !== undefined && state.res === res) return state;
  return ownStates.get(res);
}

/** finish ends a tracked request once, whichever of its listeners comes first. */
function finish(state: RequestState, res: ServerResponse): void {
  if (state.res === res) state.res = undefined;
  else if (ownStates.get(res) === state) ownStates.delete(res);
  else return;
  state.recorder.end(state, res);
}

// The global `performance` is a lazy getter on Node 20; the module's export is a plain value.
const clock = performance;

const statusStrings: string[] = [];
function statusString(status: number): string {
  return (statusStrings[status] ??= String(status));
}

/**
 * errorTypeOf names a thrown value for `error.type`: its class name (`TypeError`, `BoomError`),
 * or `_OTHER` when it has none. Class names are bounded by the code base, messages are not.
 */
export function errorTypeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const name = (err as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return ERROR_OTHER;
}

/** Shared by all fallback responses: `this` is the response that closed. */
function onResponseClose(this: ServerResponse): void {
  const state = ownStates.get(this);
  if (state !== undefined) finish(state, this);
}

/**
 * node:http publishes every finished response of every server on this channel (Node ≥ 18.7), so
 * one process-wide subscriber replaces a listener per response. An untracked response costs a
 * property read or two.
 */
function onResponseFinish(message: unknown): void {
  const { response, socket } = message as { response: ServerResponse; socket: TrackedSocket | null };
  const state = socket?.[kConnection];
  if (state !== undefined && state.res === response) {
    state.res = undefined;
    state.recorder.end(state, response, true);
    return;
  }
  const own = ownStates.get(response);
  if (own !== undefined) finish(own, response);
}

/** Shared by all connections: a request still in flight when its socket closes was aborted. */
function onSocketClose(this: TrackedSocket): void {
  const state = this[kConnection];
  const res = state?.res;
  if (state !== undefined && res !== undefined) finish(state, res);
}

function schemeOf(socket: Socket | null): number {
  return (socket as TLSSocket | null)?.encrypted === true ? 1 : 0;
}

let finishSubscribed = false;
function subscribeFinish(): boolean {
  if (!finishSubscribed) {
    try {
      subscribe('http.server.response.finish', onResponseFinish);
      finishSubscribed = true;
    } catch {
      // An older runtime without the channel: every response uses its own close listener.
    }
  }
  return finishSubscribed;
}

/**
 * HttpServerMetrics records the HTTP server golden signals with semantic-convention names:
 * `http.server.request.duration` (s), `http.server.active_requests`, and optionally the body
 * sizes. Integrations call `begin` when a request arrives; the end is recorded when the
 * response closes, as complete (`writableFinished`) or aborted.
 */
export class HttpServerMetrics {
  private readonly duration: Histogram;
  private readonly active: ActiveRequests;
  private readonly requestSize: Histogram | undefined;
  private readonly responseSize: Histogram | undefined;
  private readonly requestAttrs: RequestAttributes;
  private readonly unmatchedRoute: string | undefined;
  private readonly protocolVersion: boolean;
  private readonly ignore: ((req: IncomingMessage) => boolean) | undefined;
  private readonly fastPath: boolean;

  constructor(options: HttpMetricsOptions = {}) {
    const provider = options.meterProvider ?? metrics.getMeterProvider();
    const meter = provider.getMeter(METER_NAME, VERSION);
    this.duration = meter.createHistogram(HTTP_SERVER_REQUEST_DURATION, {
      description: 'Duration of HTTP server requests.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...HTTP_DURATION_BOUNDARIES] },
    });
    this.active = activeRequestsFor(provider);
    if (options.bodySizes === true) {
      this.requestSize = meter.createHistogram(HTTP_SERVER_REQUEST_BODY_SIZE, {
        description: 'Size of HTTP server request bodies (from Content-Length).',
        unit: 'By',
      });
      this.responseSize = meter.createHistogram(HTTP_SERVER_RESPONSE_BODY_SIZE, {
        description: 'Size of HTTP server response bodies (from Content-Length).',
        unit: 'By',
      });
    }
    this.requestAttrs = new RequestAttributes(options.maxAttributeSets ?? 2000);
    this.unmatchedRoute = options.unmatchedRoute;
    this.protocolVersion = options.protocolVersion !== false;
    this.ignore = options.ignore;
    this.fastPath = subscribeFinish();
  }

  /**
   * begin starts timing a request. `route` is the template when already known (Fastify routes
   * before hooks run); otherwise `resolve` is asked when the response ends (Express matches
   * routes while the request runs). A response is tracked once, whichever integration is first.
   */
  begin(req: IncomingMessage, res: ServerResponse, route?: string, resolve?: RouteResolver): void {
    try {
      if (this.ignore?.(req)) return;
      const socket = req.socket as TrackedSocket | null;
      let state: RequestState | undefined;
      // Fast path: the socket's current response of a node:http server, whose finish is published.
      if (this.fastPath && socket !== null && socket._httpMessage === res && socket.parser !== undefined) {
        state = socket[kConnection];
        if (state === undefined) {
          socket[kConnection] = state = new RequestState(this, req);
          state.scheme = schemeOf(socket);
          socket.on('close', onSocketClose);
        } else if (state.res === res) {
          return; // tracked once, whichever integration is first
        } else if (state.res !== undefined) {
          state = undefined; // still busy with an earlier response
        } else {
          state.recorder = this;
          state.req = req;
        }
      }
      if (state === undefined && ownStates.has(res)) return;
      const own = state === undefined;
      if (state === undefined) {
        state = new RequestState(this, req);
        state.scheme = schemeOf(socket);
      }
      const method = methodIndex(req.method);
      // A connection's scheme never changes, so the fast path reads it once per connection.
      const scheme = state.scheme;
      state.start = clock.now();
      state.method = method;
      state.version = this.protocolVersion ? versionIndex(req.httpVersion) : 0;
      state.route = route;
      state.resolve = resolve;
      state.errorType = undefined;
      this.active.increment(method * 2 + scheme);
      if (own) {
        ownStates.set(res, state);
        res.on('close', onResponseClose);
      } else state.res = res;
    } catch (err) {
      reportOnce('begin', 'failed to start recording a request', err);
    }
  }

  /**
   * end records a finished or closed response. Called by the shared finish / close listeners.
   * @internal
   */
  end(state: RequestState, res: ServerResponse, finished = res.writableFinished): void {
    try {
      const seconds = (clock.now() - state.start) / 1000;
      this.active.decrement(state.method * 2 + state.scheme);
      // A status that never reached the client is not recorded.
      const status = res.headersSent ? res.statusCode : 0;
      let errorType: string | undefined;
      if (!finished) errorType = state.errorType ?? ERROR_ABORTED;
      else if (status >= 500) errorType = state.errorType ?? statusString(status);
      // A 4xx is the client's error, not the server's: no error.type even if something threw.
      const route = state.route ?? this.resolveRoute(state) ?? this.unmatchedRoute;
      const series = this.requestAttrs.get(state.method, state.scheme, route, status, errorType, state.version);
      const bound = series.bound ?? (series.cached ? this.bind(series) : undefined);
      if (bound !== undefined) bound.record(seconds);
      else this.duration.record(seconds, series.attrs);
      if (this.requestSize !== undefined && state.req !== undefined) this.recordSizes(state.req, res, series.attrs);
    } catch (err) {
      reportOnce('end', 'failed to record a request', err);
    }
    state.req = undefined;
  }

  /**
   * bind resolves a cached series once where the SDK has bound instruments (Yardstick's
   * `histogram.bind(attrs)`), so later requests of that series skip the attribute lookup.
   * The cache is bounded, so the series this pins are too.
   */
  private bind(series: RequestSeries): BoundRecorder | undefined {
    const bindable = this.duration as Histogram & { bind?: (attrs: Attributes) => BoundRecorder };
    if (typeof bindable.bind !== 'function') return undefined;
    series.bound = bindable.bind(series.attrs);
    return series.bound;
  }

  private resolveRoute(state: RequestState): string | undefined {
    if (state.resolve === undefined || state.req === undefined) return undefined;
    try {
      const route = state.resolve(state.req);
      return typeof route === 'string' ? route : undefined;
    } catch (err) {
      reportOnce('route', 'the route resolver threw; recording the request as unmatched', err);
      return undefined;
    }
  }

  private recordSizes(req: IncomingMessage, res: ServerResponse, attrs: Attributes): void {
    const reqLength = contentLength(req.headers['content-length']);
    if (reqLength >= 0) this.requestSize?.record(reqLength, attrs);
    const resLength = contentLength(res.getHeader('content-length'));
    if (resLength >= 0) this.responseSize?.record(resLength, attrs);
  }
}

function contentLength(header: string | number | string[] | undefined): number {
  if (typeof header === 'number') return header;
  if (typeof header !== 'string' || header === '') return -1;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : -1;
}

/**
 * recordError attaches a thrown value to the response's request, so that if the response ends
 * with a 5xx or never completes, `error.type` is the error's class name rather than the status.
 * Harmless on an untracked response.
 */
export function recordError(res: ServerResponse, err: unknown): void {
  const state = stateOf(res);
  if (state !== undefined && state.errorType === undefined) state.errorType = errorTypeOf(err);
}

/**
 * setRoute sets the `http.route` template of the request being answered by `res`, from inside a
 * handler (handy with plain node:http). Pass a template, never the raw URL.
 */
export function setRoute(res: ServerResponse, route: string): void {
  const state = stateOf(res);
  if (state !== undefined) state.route = route;
}
