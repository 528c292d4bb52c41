/**
 * PrometheusExporter: a pull MetricReader that collects on each scrape (no timer), with the shape
 * of `@opentelemetry/exporter-prometheus` so existing setups port by changing the import.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { diag } from '@opentelemetry/api';
import { AggregationTemporality, AggregationType } from '@yardstick/core';
import { type CardinalitySelector, MetricReader, type MetricProducer } from '@yardstick/sdk';
import { writeScrapeResponse } from './adapters/node-http.js';
import { Dashboard, type DashboardOptions } from './dashboard/dashboard.js';
import { CONTENT_TYPES } from './formats.js';
import { acceptsGzip, negotiateFormat } from './negotiate.js';
import type { ExpositionOptions } from './plan.js';
import { PrometheusSerializer } from './serializer.js';

/** gzipChunks compresses a list of chunks as one stream (on libuv's thread pool, off the event loop). */
function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const zip = createGzip();
    const out: Buffer[] = [];
    zip.on('data', (chunk: Buffer) => out.push(chunk));
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    for (const chunk of chunks) zip.write(chunk);
    zip.end();
  });
}

/** Options of PrometheusExporter: where to serve, and how to name and label. */
export interface PrometheusExporterOptions extends ExpositionOptions {
  /** Interface to bind; default `OTEL_EXPORTER_PROMETHEUS_HOST` or `localhost`. */
  host?: string;
  /** Port; default `OTEL_EXPORTER_PROMETHEUS_PORT` or 9464. `0` picks a free port. */
  port?: number;
  /** Path served by the built-in server; default `/metrics`. */
  endpoint?: string;
  /** Do not start the built-in server (mount a handler in your own app instead). */
  preventServerStart?: boolean;
  /** Extra producers (bridges) collected with the provider's metrics. */
  metricProducers?: MetricProducer[];
  /** Most bytes of output buffers kept for reuse between scrapes (default 256 MiB; 0 = none). */
  bufferPoolBytes?: number;
  /** Cardinality limit per instrument kind (default: the SDK's 2000 per stream). */
  cardinalitySelector?: CardinalitySelector;
  /**
   * Also serve a live golden-signals page (default `/dashboard`) and its JSON (`/dashboard/data`)
   * from the built-in server. For development: each page poll runs a collection.
   */
  dashboard?: boolean | DashboardOptions;
}

/** A framework-neutral scrape request: what the HTTP request said. */
export interface ScrapeRequest {
  /** HTTP method; GET and HEAD are served, anything else gets 405. Default GET. */
  method?: string;
  /** The `Accept` header. */
  accept?: string;
  /** The `Accept-Encoding` header. */
  acceptEncoding?: string;
}

/** A framework-neutral scrape response, ready to write to any HTTP framework. */
export interface ScrapeResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The same response with the body as a list of chunks: for large expositions it spares one
 * synchronous copy of the whole body (tens of MB at 100k series). The adapters write these.
 */
export interface ScrapeChunksResponse {
  status: number;
  headers: Record<string, string>;
  chunks: Buffer[];
  /** Call once the chunks are written (or copied) to let the next scrape reuse their memory. */
  release?: () => void;
}

function envString(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === '' ? undefined : value;
}

function envPort(): number | undefined {
  const raw = envString('OTEL_EXPORTER_PROMETHEUS_PORT');
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
  diag.warn(`Invalid OTEL_EXPORTER_PROMETHEUS_PORT "${raw}"; using the default`);
  return undefined;
}

/**
 * PrometheusExporter serves the metrics of the MeterProvider it is registered with.
 *
 * @example
 * const exporter = new PrometheusExporter({ port: 9464 }); // serves http://localhost:9464/metrics
 * const provider = new MeterProvider({ readers: [exporter] });
 *
 * // or, inside an existing app:
 * const exporter = new PrometheusExporter({ preventServerStart: true });
 * http.createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
 */
export class PrometheusExporter extends MetricReader {
  static readonly DEFAULT_OPTIONS = {
    host: 'localhost',
    port: 9464,
    endpoint: '/metrics',
    prefix: '',
    appendTimestamp: false,
    withoutScopeInfo: false,
    withoutTargetInfo: false,
  } as const;

  private readonly host: string;
  private readonly requestedPort: number;
  private readonly endpoint: string;
  private readonly server: Server;
  private readonly serializerInstance: PrometheusSerializer;
  private startPromise: Promise<void> | undefined;
  private readonly dashboard: Dashboard | undefined;

  /** `callback` runs once the server listens (or failed to), as in OpenTelemetry JS. */
  constructor(config: PrometheusExporterOptions = {}, callback: (error?: Error) => void = () => {}) {
    super({
      aggregationSelector: () => ({ type: AggregationType.DEFAULT }),
      // The Prometheus exporter MUST use cumulative temporality for every instrument kind.
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      cardinalitySelector: config.cardinalitySelector,
      metricProducers: config.metricProducers,
    });
    this.host = config.host || envString('OTEL_EXPORTER_PROMETHEUS_HOST') || PrometheusExporter.DEFAULT_OPTIONS.host;
    this.requestedPort = config.port ?? envPort() ?? PrometheusExporter.DEFAULT_OPTIONS.port;
    this.endpoint = (config.endpoint || PrometheusExporter.DEFAULT_OPTIONS.endpoint).replace(/^([^/])/, '/$1');
    this.serializerInstance = new PrometheusSerializer({
      prefix: config.prefix || undefined,
      appendTimestamp: config.appendTimestamp,
      withoutScopeInfo: config.withoutScopeInfo,
      withoutTargetInfo: config.withoutTargetInfo,
      withoutUnits: config.withoutUnits,
      withoutCounterSuffixes: config.withoutCounterSuffixes,
      withResourceConstantLabels: config.withResourceConstantLabels,
      bufferPoolBytes: config.bufferPoolBytes,
    });
    if (config.dashboard) {
      this.dashboard = new Dashboard(() => this.collect(), config.dashboard === true ? {} : config.dashboard);
    }
    // A metrics endpoint should not keep an otherwise finished process alive.
    this.server = createServer(this.requestHandler).unref();
    if (config.preventServerStart !== true) {
      this.startServer().then(
        () => callback(),
        (err: Error) => {
          diag.error('Prometheus exporter server failed to start', err);
          callback(err);
        },
      );
    } else {
      queueMicrotask(() => callback());
    }
  }

  /** The serializer this exporter renders with. */
  get serializer(): PrometheusSerializer {
    return this.serializerInstance;
  }

  /** Where the built-in server listens (the real port when 0 was asked for), once started. */
  address(): { host: string; port: number; url: string; dashboardUrl?: string } | undefined {
    const address = this.server.address();
    if (address === null || typeof address === 'string') return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const base = `http://${host}:${address.port}`;
    const result = { host: address.address, port: address.port, url: `${base}${this.endpoint}` };
    return this.dashboard ? { ...result, dashboardUrl: `${base}${this.dashboard.path}` } : result;
  }

  /** startServer starts the built-in server; calling it again returns the same promise. */
  startServer(): Promise<void> {
    this.startPromise ??= new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port: this.requestedPort, host: this.host }, () => {
        this.server.off('error', reject);
        diag.debug(`Prometheus exporter listening on ${this.host}:${this.requestedPort}${this.endpoint}`);
        resolve();
      });
    });
    return this.startPromise;
  }

  /** stopServer closes the built-in server (and its idle connections). */
  stopServer(): Promise<void> {
    this.startPromise = undefined;
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  /**
   * getMetricsRequestHandler answers one request with the metrics, whatever its path
   * (mount it on your own route). Never throws.
   */
  getMetricsRequestHandler(request: IncomingMessage, response: ServerResponse): void {
    this.scrapeChunks({
      method: request.method,
      accept: request.headers.accept,
      acceptEncoding: headerValue(request.headers['accept-encoding']),
    }).then(
      (result) => writeScrapeResponse(response, result),
      () => writeScrapeResponse(response, failure('scrape failed')),
    );
  }

  /**
   * scrape collects and renders the metrics for one request: format from `accept`, gzip when
   * `acceptEncoding` allows it, 405 for methods other than GET/HEAD. Never rejects.
   *
   * @example
   * const { status, headers, body } = await exporter.scrape({ accept: req.headers.accept });
   */
  async scrape(request: ScrapeRequest = {}): Promise<ScrapeResponse> {
    const { status, headers, chunks, release } = await this.scrapeChunks(request);
    if (chunks.length === 1) return { status, headers, body: chunks[0] as Buffer };
    const body = Buffer.concat(chunks);
    release?.();
    return { status, headers, body };
  }

  /** scrapeChunks is scrape() with the body left in chunks (see ScrapeChunksResponse). Never rejects. */
  async scrapeChunks(request: ScrapeRequest = {}): Promise<ScrapeChunksResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        status: 405,
        headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
        chunks: [Buffer.from('Method Not Allowed\n')],
      };
    }
    const format = negotiateFormat(request.accept);
    const headers: Record<string, string> = { 'content-type': CONTENT_TYPES[format], vary: 'Accept, Accept-Encoding' };
    let chunks: Buffer[];
    try {
      const { resourceMetrics, errors } = await this.collect();
      if (errors.length > 0) diag.error('PrometheusExporter: metrics collection errors', ...errors);
      chunks = await this.serializerInstance.serializeInSlices(resourceMetrics, format);
      if (acceptsGzip(request.acceptEncoding)) {
        const plain = chunks;
        chunks = await gzipChunks(plain);
        this.serializerInstance.release(plain);
        headers['content-encoding'] = 'gzip';
      }
    } catch (err) {
      diag.error('PrometheusExporter: scrape failed', err);
      return failure(String(err));
    }
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    headers['content-length'] = String(length);
    const serializer = this.serializerInstance;
    if (method === 'HEAD') {
      serializer.release(chunks);
      return { status: 200, headers, chunks: [] };
    }
    return { status: 200, headers, chunks, release: () => serializer.release(chunks) };
  }

  protected override async onForceFlush(): Promise<void> {}

  protected override onShutdown(): Promise<void> {
    return this.stopServer();
  }

  private readonly requestHandler = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path === this.endpoint) this.getMetricsRequestHandler(request, response);
    else if (this.dashboard?.handle(path, request, response)) return;
    else {
      response.statusCode = 404;
      response.end();
    }
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function failure(message: string): ScrapeChunksResponse {
  return {
    status: 500,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    chunks: [Buffer.from(`# failed to export metrics: ${message}\n`)],
  };
}
