/**
 * The recorder behind every integration: instruments are created once, each request gets one
 * small state object on the response, and a single shared `close` listener records it.
 */
import { type Attributes, type Histogram, metrics } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** What one in-flight request needs at its end. */
interface RequestState {
  readonly recorder: HttpServerMetrics;
  readonly req: IncomingMessage;
  readonly start: number;
  readonly method: number;
  readonly scheme: number;
  readonly version: number;
  route: string | undefined;
  readonly resolve: RouteResolver | undefined;
  errorType: string | undefined;
}

/** A bound histogram as the Yardstick SDK returns it. */
interface BoundRecorder {
  record(value: number): void;
}

const kState = Symbol('yardstick.http.request');
type TrackedResponse = ServerResponse & { [kState]?: RequestState | undefined };

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

/** Shared by all responses: `this` is the response that closed. */
function onResponseClose(this: ServerResponse): void {
  const state = (this as TrackedResponse)[kState];
  if (state === undefined) return;
  (this as TrackedResponse)[kState] = undefined;
  state.recorder.end(state, this);
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
  }

  /**
   * begin starts timing a request. `route` is the template when already known (Fastify routes
   * before hooks run); otherwise `resolve` is asked when the response ends (Express matches
   * routes while the request runs). A response is tracked once, whichever integration is first.
   */
  begin(req: IncomingMessage, res: ServerResponse, route?: string, resolve?: RouteResolver): void {
    try {
      if ((res as TrackedResponse)[kState] !== undefined) return;
      if (this.ignore?.(req)) return;
      const method = methodIndex(req.method);
      const scheme = (req.socket as TLSSocket | undefined)?.encrypted === true ? 1 : 0;
      (res as TrackedResponse)[kState] = {
        recorder: this,
        req,
        start: performance.now(),
        method,
        scheme,
        version: this.protocolVersion ? versionIndex(req.httpVersion) : 0,
        route,
        resolve,
        errorType: undefined,
      };
      this.active.increment(method * 2 + scheme);
      res.on('close', onResponseClose);
    } catch (err) {
      reportOnce('begin', 'failed to start recording a request', err);
    }
  }

  /**
   * end records a closed response. Called by the shared close listener.
   * @internal
   */
  end(state: RequestState, res: ServerResponse): void {
    try {
      const seconds = (performance.now() - state.start) / 1000;
      this.active.decrement(state.method * 2 + state.scheme);
      const finished = res.writableFinished;
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
      if (this.requestSize !== undefined) this.recordSizes(state.req, res, series.attrs);
    } catch (err) {
      reportOnce('end', 'failed to record a request', err);
    }
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
    if (state.resolve === undefined) return undefined;
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
  const state = (res as TrackedResponse)[kState];
  if (state !== undefined && state.errorType === undefined) state.errorType = errorTypeOf(err);
}

/**
 * setRoute sets the `http.route` template of the request being answered by `res`, from inside a
 * handler (handy with plain node:http). Pass a template, never the raw URL.
 */
export function setRoute(res: ServerResponse, route: string): void {
  const state = (res as TrackedResponse)[kState];
  if (state !== undefined) state.route = route;
}
