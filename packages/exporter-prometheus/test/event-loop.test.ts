/**
 * A 100k-series scrape must not block the event loop for more than 50 ms at a time: the serializer
 * works in slices and yields with setImmediate between them. Measured with
 * perf_hooks.monitorEventLoopDelay while the scrape runs, on the issue's workload (100k attribute
 * sets, each with a counter and a histogram series), in a process of its own
 * (fixtures/event-loop-scrape.mjs): in the test runner's process the heap is several times the
 * workload's, and V8's major GC pauses, which no slicing can split, grow with it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const SERIES = 100_000;
const MAX_BLOCK_MS = 50;
// Seven runs, judged by their median: a major GC pause now and then does not decide the result.
const RUNS = 7;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/event-loop-scrape.mjs', import.meta.url));

interface Measured {
  /** Longest event-loop block by wall clock (monitorEventLoopDelay). */
  readonly wallMs: number;
  /**
   * Longest stretch between two loop turns counted as min(wall time, CPU time): descheduling (by
   * the OS or the hypervisor) inflates the first, never the second; the main thread's own work
   * without yielding is at most both. CPU time is the main thread's own (Linux per-thread
   * schedstat) when `mainThreadCpu`, else the whole process's, which GC helper and thread-pool
   * threads (gzip) inflate too.
   */
  readonly cpuMs: number;
}

interface ChildResult {
  mainThreadCpu: boolean;
  points: number[];
  byFormat: Record<'text' | 'openmetrics' | 'protobuf', (Measured & { chunks: number })[]>;
  scrapes: (Measured & { status: number; encoding?: string })[];
}

/**
 * The bound is the 50 ms. Where the main thread's CPU time is measured it applies to the
 * longest stretch without descheduled time: the slices are what this code controls, while time
 * the OS or the hypervisor takes the CPU away (which the guest's load average does not show) only
 * lengthens the wall clock. Elsewhere it applies to the wall clock whenever the 1-minute load
 * average is below the core count, and to min(wall, process CPU) on an oversubscribed machine.
 * The wall figure is always reported; the log says which bound applied.
 */
function bound(mainThreadCpu: boolean): { loaded: boolean; why: string } {
  if (mainThreadCpu) return { loaded: true, why: 'without descheduled time (main-thread CPU from schedstat)' };
  const load = loadavg()[0];
  const cores = Math.max(1, cpus().length);
  return load < cores
    ? { loaded: false, why: `wall clock; load ${load.toFixed(2)} < ${cores} cores` }
    : {
        loaded: true,
        why: `without descheduled time (process CPU); machine oversubscribed, load ${load.toFixed(2)} >= ${cores} cores`,
      };
}

/** The median of the runs: a block that shows in most runs fails, one GC or descheduling hiccup does not. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Reports every run and asserts the median of the figure the measurement makes meaningful. */
function check(label: string, runs: readonly Measured[], mainThreadCpu: boolean): void {
  const b = bound(mainThreadCpu);
  const wall = runs.map((r) => r.wallMs);
  const own = runs.map((r) => Math.min(r.wallMs, r.cpuMs));
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
  const summary = `${label}: longest block per run ${fmt(wall)} ms wall (median ${median(wall).toFixed(1)}), ${fmt(own)} ms without descheduled time (median ${median(own).toFixed(1)}); bound ${MAX_BLOCK_MS} ms ${b.why}`;
  console.log(summary);
  expect(median(b.loaded ? own : wall), summary).toBeLessThanOrEqual(MAX_BLOCK_MS);
}

/** runWorkload builds the packages the child imports, runs it, and parses its one line of JSON. */
async function runWorkload(): Promise<ChildResult> {
  const build = spawnSync(`${root}node_modules/.bin/tsc`, ['-b'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`tsc -b failed:\n${build.stdout}${build.stderr}`);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, String(SERIES), String(RUNS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`event-loop workload exited ${code}:\n${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() as string) as ChildResult);
    });
  });
}

describe(`scrape of ${SERIES} counter + ${SERIES} histogram series`, () => {
  let result: ChildResult;
  beforeAll(async () => {
    result = await runWorkload();
  }, 180_000);

  test('serializing in slices never blocks the loop for 50 ms (text, OpenMetrics, protobuf)', () => {
    expect(result.points).toEqual([SERIES, SERIES]);
    for (const format of ['text', 'openmetrics', 'protobuf'] as const) {
      const runs = result.byFormat[format];
      expect(runs).toHaveLength(RUNS);
      // Sliced output comes in several chunks; the first run is the cold one (it fills the label cache).
      for (const run of runs) expect(run.chunks).toBeGreaterThan(1);
      check(format, runs, result.mainThreadCpu);
    }
  });

  test('a whole scrape as the adapters run it (collect + serialize + gzip) keeps the loop responsive', () => {
    // The SDK collects in slices too, so the whole scrape has the serializer's bound.
    expect(result.scrapes).toHaveLength(RUNS);
    for (const scrape of result.scrapes) expect(scrape).toMatchObject({ status: 200, encoding: 'gzip' });
    check('full scrape', result.scrapes, result.mainThreadCpu);
  });
});
