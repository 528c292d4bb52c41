/**
 * Dashboard: serves the live golden-signals page and its JSON from the exporter's own server.
 * Collections are driven by the page's polls (no timer), at most one per `intervalMillis`, and
 * shared by concurrent viewers; nothing runs while nobody watches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectionResult } from '@yardstick/sdk';
import { GoldenSignals, type GoldenSignalsOptions, type GoldenSignalsSample } from './golden-signals.js';
import { renderDashboardPage } from './page.js';

/** Options of the development dashboard (`new PrometheusExporter({ dashboard: { … } })`). */
export interface DashboardOptions extends GoldenSignalsOptions {
  /** Path of the page; default `/dashboard`. The JSON is served at `<path>/data`. */
  path?: string;
  /** Poll interval of the page and shortest time between two collections; default 1000 ms. */
  intervalMillis?: number;
  /** Page heading; default the resource's `service.name`, else "Yardstick". */
  title?: string;
}

/** The JSON served at `<path>/data`. */
export interface DashboardData {
  title: string;
  intervalMillis: number;
  samples: readonly GoldenSignalsSample[];
}

/** Dashboard answers requests for its page and data; `handle` returns false for other paths. */
export class Dashboard {
  readonly path: string;
  readonly dataPath: string;
  private readonly intervalMillis: number;
  private readonly signals: GoldenSignals;
  private title: string | undefined;
  private lastCollection = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  private page: string | undefined;

  constructor(
    private readonly collect: () => Promise<CollectionResult>,
    options: DashboardOptions = {},
  ) {
    const path = (options.path || '/dashboard').replace(/^([^/])/, '/$1').replace(/\/+$/, '');
    this.path = path || '/dashboard';
    this.dataPath = `${this.path}/data`;
    this.intervalMillis = Math.max(100, options.intervalMillis ?? 1000);
    this.title = options.title;
    this.signals = new GoldenSignals(options);
  }

  /** data collects when the last collection is older than the interval, then returns the history. */
  async data(): Promise<DashboardData> {
    // A little slack so a poll arriving a hair early still gets a fresh point.
    if (Date.now() - this.lastCollection >= this.intervalMillis * 0.8) {
      this.pending ??= this.refresh().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
    return { title: this.title ?? 'Yardstick', intervalMillis: this.intervalMillis, samples: this.signals.history() };
  }

  /** handle serves the page or the data for a request whose path matches; never throws. */
  handle(path: string, request: IncomingMessage, response: ServerResponse): boolean {
    if (path !== this.path && path !== `${this.path}/` && path !== this.dataPath) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    if (path === this.dataPath) {
      this.data().then(
        (data) => send(response, request.method, 'application/json; charset=utf-8', JSON.stringify(data)),
        (err) => send(response, request.method, 'text/plain; charset=utf-8', `collection failed: ${String(err)}`, 500),
      );
    } else {
      // The title comes from the resource, known after the first collection; render once then.
      this.data().then(
        () => send(response, request.method, 'text/html; charset=utf-8', this.renderPage()),
        () => send(response, request.method, 'text/html; charset=utf-8', this.renderPage()),
      );
    }
    return true;
  }

  private renderPage(): string {
    this.page ??= renderDashboardPage({
      dataPath: this.dataPath,
      intervalMillis: this.intervalMillis,
      title: this.title ?? 'Yardstick',
    });
    return this.page;
  }

  private async refresh(): Promise<void> {
    const { resourceMetrics } = await this.collect();
    this.lastCollection = Date.now();
    if (this.title === undefined) {
      const name = resourceMetrics.resource.attributes['service.name'];
      if (typeof name === 'string' && name !== '') this.title = name;
    }
    this.signals.observe(resourceMetrics, this.lastCollection);
  }
}

function send(response: ServerResponse, method: string | undefined, type: string, body: string, status = 200): void {
  const buffer = Buffer.from(body);
  response.writeHead(status, {
    'content-type': type,
    'content-length': String(buffer.length),
    'cache-control': 'no-store',
  });
  response.end(method === 'HEAD' ? undefined : buffer);
}
