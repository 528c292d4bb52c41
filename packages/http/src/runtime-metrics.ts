/**
 * Node.js runtime metrics under their semantic-convention names: event loop delay and
 * utilization, GC duration by kind, V8 heap per space, RSS, CPU time, uptime and active
 * resources. Opt-in with one call; everything is read in one batch callback per collection
 * except GC, which arrives as performance entries.
 */
import {
  type Attributes,
  type BatchObservableResult,
  type Histogram,
  type MeterProvider,
  metrics,
  type Observable,
} from '@opentelemetry/api';
import {
  constants,
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  performance,
} from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { reportOnce } from './report.js';
import { METER_NAME } from './semconv.js';
import { VERSION } from './version.js';

/** Options of `startRuntimeMetrics`. */
export interface RuntimeMetricsOptions {
  /** Where the instruments are created; defaults to the global provider of `@opentelemetry/api`. */
  meterProvider?: MeterProvider;
  /** Sampling resolution of the event-loop delay monitor, in milliseconds (default 10). */
  eventLoopDelayResolutionMs?: number;
  /** Record `v8js.gc.duration` from GC performance entries (default true). */
  gc?: boolean;
}

/** Bucket boundaries (seconds) the V8 conventions advise for `v8js.gc.duration`. */
const GC_BOUNDARIES = [0.01, 0.1, 1, 10];

const DELAY_STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;
type DelayStat = (typeof DELAY_STATS)[number];

function gcType(kind: number | undefined): string {
  switch (kind) {
    case constants.NODE_PERFORMANCE_GC_MINOR:
      return 'minor';
    case constants.NODE_PERFORMANCE_GC_MAJOR:
      return 'major';
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental';
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weakcb';
    default:
      return '_OTHER';
  }
}

/** attributeCache returns one frozen `{ [key]: value }` per value, made on first use. */
function attributeCache(key: string): (value: string) => Attributes {
  const cache = new Map<string, Attributes>();
  return (value) => {
    let attrs = cache.get(value);
    if (attrs === undefined) cache.set(value, (attrs = Object.freeze({ [key]: value })));
    return attrs;
  };
}

/**
 * startRuntimeMetrics starts recording Node.js runtime metrics and returns a function that
 * stops it (removes the callback, stops the delay monitor and the GC observer). Starting again
 * on the same provider shares the running instance (its options win) until every stop is called.
 *
 * Event-loop delay statistics and utilization cover the interval since the previous
 * collection (the monitor is reset after each one); the other values are totals or current.
 *
 * @example
 * const stop = startRuntimeMetrics({ meterProvider });
 * // ... on shutdown
 * stop();
 */
export function startRuntimeMetrics(options: RuntimeMetricsOptions = {}): () => void {
  const provider = options.meterProvider ?? metrics.getMeterProvider();
  // A second start on the same provider shares the first (two callbacks would report every
  // value twice); the recording stops when every returned stop function has been called.
  let running = runningByProvider.get(provider);
  if (running === undefined) {
    const stopAll = start(provider, options);
    const entry = { refs: 0, stop: stopAll };
    runningByProvider.set(provider, entry);
    running = entry;
  }
  running.refs++;
  const shared = running;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--shared.refs === 0) {
      runningByProvider.delete(provider);
      shared.stop();
    }
  };
}

const runningByProvider = new WeakMap<MeterProvider, { refs: number; stop: () => void }>();

function start(provider: MeterProvider, options: RuntimeMetricsOptions): () => void {
  const meter = provider.getMeter(METER_NAME, VERSION);

  const delayGauges = {} as Record<DelayStat, Observable>;
  for (const stat of DELAY_STATS) {
    delayGauges[stat] = meter.createObservableGauge(`nodejs.eventloop.delay.${stat}`, {
      description: `Event loop ${stat} delay since the previous collection.`,
      unit: 's',
    });
  }
  const utilization = meter.createObservableGauge('nodejs.eventloop.utilization', {
    description: 'Event loop utilization since the previous collection.',
    unit: '1',
  });
  const loopTime = meter.createObservableCounter('nodejs.eventloop.time', {
    description: 'Cumulative time the event loop spent in each state.',
    unit: 's',
  });
  const heapUsed = meter.createObservableUpDownCounter('v8js.memory.heap.used', {
    description: 'V8 heap memory in use, per heap space.',
    unit: 'By',
  });
  const heapLimit = meter.createObservableUpDownCounter('v8js.memory.heap.limit', {
    description: 'V8 heap memory reserved, per heap space (space_size).',
    unit: 'By',
  });
  const spaceAvailable = meter.createObservableUpDownCounter('v8js.memory.heap.space.available_size', {
    description: 'V8 heap space available size.',
    unit: 'By',
  });
  const spacePhysical = meter.createObservableUpDownCounter('v8js.memory.heap.space.physical_size', {
    description: 'V8 heap space committed (physical) size.',
    unit: 'By',
  });
  const rss = meter.createObservableUpDownCounter('process.memory.usage', {
    description: 'Resident set size of the process.',
    unit: 'By',
  });
  const cpuTime = meter.createObservableCounter('process.cpu.time', {
    description: 'CPU time of the process, by mode.',
    unit: 's',
  });
  const uptime = meter.createObservableGauge('process.uptime', {
    description: 'Time since the process started.',
    unit: 's',
  });
  const activeResources = meter.createObservableGauge('v8js.resource.active', {
    description: 'Resources keeping the event loop alive, by type (process.getActiveResourcesInfo).',
    unit: '{resource}',
  });

  const delay: IntervalHistogram = monitorEventLoopDelay({
    resolution: Math.max(1, Math.floor(options.eventLoopDelayResolutionMs ?? 10)),
  });
  delay.enable();
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();

  const spaceAttrs = attributeCache('v8js.heap.space.name');
  const resourceAttrs = attributeCache('v8js.resource.type');
  const userMode = Object.freeze({ 'cpu.mode': 'user' });
  const systemMode = Object.freeze({ 'cpu.mode': 'system' });
  const activeState = Object.freeze({ 'nodejs.eventloop.state': 'active' });
  const idleState = Object.freeze({ 'nodejs.eventloop.state': 'idle' });
  const resourceCounts = new Map<string, number>();

  const observe = (result: BatchObservableResult): void => {
    try {
      // monitorEventLoopDelay reports nanoseconds; with no sample yet, min/max are meaningless.
      if (delay.count > 0) {
        result.observe(delayGauges.min, delay.min / 1e9);
        result.observe(delayGauges.max, delay.max / 1e9);
        result.observe(delayGauges.mean, delay.mean / 1e9);
        result.observe(delayGauges.stddev, delay.stddev / 1e9);
        result.observe(delayGauges.p50, delay.percentile(50) / 1e9);
        result.observe(delayGauges.p90, delay.percentile(90) / 1e9);
        result.observe(delayGauges.p99, delay.percentile(99) / 1e9);
        delay.reset();
      }

      const elu = performance.eventLoopUtilization();
      result.observe(utilization, performance.eventLoopUtilization(elu, lastElu).utilization);
      lastElu = elu;
      result.observe(loopTime, elu.active / 1000, activeState);
      result.observe(loopTime, elu.idle / 1000, idleState);

      for (const space of getHeapSpaceStatistics()) {
        const attrs = spaceAttrs(space.space_name);
        result.observe(heapUsed, space.space_used_size, attrs);
        result.observe(heapLimit, space.space_size, attrs);
        result.observe(spaceAvailable, space.space_available_size, attrs);
        result.observe(spacePhysical, space.physical_space_size, attrs);
      }

      result.observe(rss, process.memoryUsage.rss());
      const cpu = process.cpuUsage();
      result.observe(cpuTime, cpu.user / 1e6, userMode);
      result.observe(cpuTime, cpu.system / 1e6, systemMode);
      result.observe(uptime, process.uptime());

      resourceCounts.clear();
      for (const type of process.getActiveResourcesInfo()) {
        resourceCounts.set(type, (resourceCounts.get(type) ?? 0) + 1);
      }
      for (const [type, count] of resourceCounts) result.observe(activeResources, count, resourceAttrs(type));
    } catch (err) {
      reportOnce('runtime', 'reading runtime statistics failed', err);
    }
  };
  const observables: Observable[] = [
    ...Object.values(delayGauges),
    utilization,
    loopTime,
    heapUsed,
    heapLimit,
    spaceAvailable,
    spacePhysical,
    rss,
    cpuTime,
    uptime,
    activeResources,
  ];
  meter.addBatchObservableCallback(observe, observables);

  let gcObserver: PerformanceObserver | undefined;
  if (options.gc !== false) {
    const gcDuration: Histogram = meter.createHistogram('v8js.gc.duration', {
      description: 'Garbage collection duration, by kind.',
      unit: 's',
      advice: { explicitBucketBoundaries: GC_BOUNDARIES },
    });
    const gcAttrs = attributeCache('v8js.gc.type');
    gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as unknown as { detail?: { kind?: number } | null }).detail?.kind;
        gcDuration.record(entry.duration / 1000, gcAttrs(gcType(kind)));
      }
    });
    try {
      gcObserver.observe({ entryTypes: ['gc'] });
    } catch (err) {
      gcObserver = undefined;
      reportOnce('gc', 'GC performance entries are unavailable', err);
    }
  }

  return () => {
    meter.removeBatchObservableCallback(observe, observables);
    delay.disable();
    gcObserver?.disconnect();
  };
}
