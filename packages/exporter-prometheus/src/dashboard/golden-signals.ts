/**
 * GoldenSignals turns successive cumulative snapshots into per-interval golden signals: request
 * rate, error rate and ratio, latency quantiles, active requests. Rates come from the difference
 * of two collections, latency quantiles from the difference of their bucket counts, so each sample
 * describes only the requests of its interval (the way `rate()` + `histogram_quantile` would).
 */
import { type Attributes, DataPointType, type MetricData, type ResourceMetrics, quantiles } from '@yardstick/core';

/** Instrument names read by default: the HTTP semantic conventions (`@yardstick/http` records them). */
export const DURATION_METRIC = 'http.server.request.duration';
export const ACTIVE_METRIC = 'http.server.active_requests';

const QUANTILES = [0.5, 0.9, 0.99] as const;

/** One point of the dashboard's time series; `null` where the interval had no data. */
export interface GoldenSignalsSample {
  /** End of the interval, milliseconds since the epoch. */
  time: number;
  /** Length of the interval in seconds. */
  seconds: number;
  /** Requests completed per second. */
  rate: number;
  /** Failed requests (those with `error.type`) per second. */
  errorRate: number;
  /** Failed / completed in the interval; null when nothing completed. */
  errorRatio: number | null;
  /** Latency quantiles of the interval's requests, in seconds; null when nothing completed. */
  p50: number | null;
  p90: number | null;
  p99: number | null;
  /** Requests in flight at the end of the interval (sum over series); null when not recorded. */
  active: number | null;
}

/** Cumulative totals of one collection, summed over all series. */
interface Totals {
  time: number;
  count: number;
  errors: number;
  boundaries: readonly number[] | undefined;
  counts: number[];
  active: number | null;
}

/** Options of GoldenSignals. */
export interface GoldenSignalsOptions {
  /** Samples kept (oldest dropped first); default 300. */
  historySize?: number;
  /** Duration histogram to read; default `http.server.request.duration`. */
  durationMetric?: string;
  /** Active-requests up-down counter to read; default `http.server.active_requests`. */
  activeMetric?: string;
}

/**
 * GoldenSignals keeps the latest cumulative totals and a bounded history of samples.
 *
 * @example
 * const signals = new GoldenSignals();
 * signals.observe((await reader.collect()).resourceMetrics); // baseline
 * // … later
 * const sample = signals.observe((await reader.collect()).resourceMetrics);
 */
export class GoldenSignals {
  private readonly historySize: number;
  private readonly durationMetric: string;
  private readonly activeMetric: string;
  private readonly samples: GoldenSignalsSample[] = [];
  private previous: Totals | undefined;

  constructor(options: GoldenSignalsOptions = {}) {
    this.historySize = Math.max(1, Math.floor(options.historySize ?? 300));
    this.durationMetric = options.durationMetric ?? DURATION_METRIC;
    this.activeMetric = options.activeMetric ?? ACTIVE_METRIC;
  }

  /** The samples so far, oldest first. */
  history(): readonly GoldenSignalsSample[] {
    return this.samples;
  }

  /**
   * observe reads one cumulative collection and returns the sample for the interval since the
   * previous one (undefined for the first collection, which only sets the baseline).
   */
  observe(resourceMetrics: ResourceMetrics, time: number = Date.now()): GoldenSignalsSample | undefined {
    const current = this.totals(resourceMetrics, time);
    const previous = this.previous;
    this.previous = current;
    if (previous === undefined || !(current.time > previous.time)) return undefined;
    const sample = intervalSample(previous, current);
    this.samples.push(sample);
    if (this.samples.length > this.historySize) this.samples.splice(0, this.samples.length - this.historySize);
    return sample;
  }

  private totals(resourceMetrics: ResourceMetrics, time: number): Totals {
    const totals: Totals = { time, count: 0, errors: 0, boundaries: undefined, counts: [], active: null };
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name === this.durationMetric) addDurations(totals, metric);
        else if (metric.descriptor.name === this.activeMetric) addActive(totals, metric);
      }
    }
    return totals;
  }
}

function isFailure(attributes: Attributes): boolean {
  const errorType = attributes['error.type'];
  return errorType !== undefined && errorType !== '';
}

function addDurations(totals: Totals, metric: MetricData): void {
  // Only explicit-bucket histograms merge by adding counts; other shapes are skipped.
  if (metric.dataPointType !== DataPointType.HISTOGRAM) return;
  // Older conventions recorded milliseconds; the dashboard works in seconds.
  const scale = metric.descriptor.unit === 'ms' ? 1 / 1000 : 1;
  for (const point of metric.dataPoints) {
    const { count, buckets } = point.value;
    totals.count += count;
    if (isFailure(point.attributes)) totals.errors += count;
    if (totals.boundaries === undefined) {
      totals.boundaries = scale === 1 ? buckets.boundaries : buckets.boundaries.map((b) => b * scale);
      totals.counts = buckets.counts.slice();
    } else if (buckets.counts.length === totals.counts.length) {
      for (let i = 0; i < buckets.counts.length; i++) totals.counts[i] += buckets.counts[i] as number;
    }
  }
}

function addActive(totals: Totals, metric: MetricData): void {
  if (metric.dataPointType !== DataPointType.SUM && metric.dataPointType !== DataPointType.GAUGE) return;
  let sum = totals.active ?? 0;
  for (const point of metric.dataPoints) sum += point.value;
  totals.active = sum;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function intervalSample(previous: Totals, current: Totals): GoldenSignalsSample {
  const seconds = (current.time - previous.time) / 1000;
  let count = current.count - previous.count;
  let errors = current.errors - previous.errors;
  let counts = current.counts;
  const comparable =
    count >= 0 && errors >= 0 && previous.counts.length === current.counts.length && previous.boundaries !== undefined;
  if (comparable) {
    counts = current.counts.map((c, i) => c - (previous.counts[i] as number));
    // A series that vanished (restart, cardinality overflow) can make a bucket go down: start over.
    if (counts.some((c) => c < 0)) counts = current.counts;
  } else if (count < 0 || errors < 0) {
    count = current.count;
    errors = current.errors;
  }
  let p50: number | null = null;
  let p90: number | null = null;
  let p99: number | null = null;
  if (count > 0 && current.boundaries !== undefined) {
    const [a, b, c] = quantiles({ buckets: { boundaries: [...current.boundaries], counts }, count }, QUANTILES);
    p50 = finite(a as number);
    p90 = finite(b as number);
    p99 = finite(c as number);
  }
  return {
    time: current.time,
    seconds,
    rate: count / seconds,
    errorRate: errors / seconds,
    errorRatio: count > 0 ? errors / count : null,
    p50,
    p90,
    p99,
    active: current.active,
  };
}
