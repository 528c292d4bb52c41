/**
 * `http.server.active_requests` as a table of plain integers, read by one observable callback
 * per meter provider. Counting in place costs an array increment per request instead of two
 * UpDownCounter calls, and the exported data is the same non-monotonic sum.
 */
import type { MeterProvider, ObservableResult } from '@opentelemetry/api';
import { ActiveAttributes } from './attribute-cache.js';
import { HTTP_SERVER_ACTIVE_REQUESTS, METER_NAME } from './semconv.js';
import { VERSION } from './version.js';

/** ActiveRequests counts in-flight requests by (method, scheme) table index. */
export class ActiveRequests {
  /** In-flight requests per `method * 2 + scheme`. */
  readonly counts: Int32Array;
  /** Set once a slot has been used, so it keeps reporting (as 0) after its requests end. */
  private readonly seen: Uint8Array;
  private readonly attrs = new ActiveAttributes();

  constructor(meterProvider: MeterProvider) {
    this.counts = new Int32Array(this.attrs.size);
    this.seen = new Uint8Array(this.attrs.size);
    const gauge = meterProvider
      .getMeter(METER_NAME, VERSION)
      .createObservableUpDownCounter(HTTP_SERVER_ACTIVE_REQUESTS, {
        description: 'Number of active HTTP server requests.',
        unit: '{request}',
      });
    gauge.addCallback((result: ObservableResult) => {
      const { counts, seen } = this;
      for (let i = 0; i < counts.length; i++) if (seen[i] === 1) result.observe(counts[i] as number, this.attrs.at(i));
    });
  }

  increment(slot: number): void {
    this.counts[slot]!++;
    this.seen[slot] = 1;
  }

  decrement(slot: number): void {
    this.counts[slot]!--;
  }
}

const byProvider = new WeakMap<MeterProvider, ActiveRequests>();

/**
 * activeRequestsFor returns the one table of a meter provider, so several integrations on the
 * same provider add up instead of overwriting each other's observations.
 */
export function activeRequestsFor(meterProvider: MeterProvider): ActiveRequests {
  let table = byProvider.get(meterProvider);
  if (table === undefined) byProvider.set(meterProvider, (table = new ActiveRequests(meterProvider)));
  return table;
}
