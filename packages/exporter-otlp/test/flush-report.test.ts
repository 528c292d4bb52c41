/** forceFlush() reports what happened since the previous forceFlush; `total` keeps the running totals. */
import { expect, it } from 'vitest';
import { exportOnce } from './helpers/export.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { reply } from './helpers/receiver.js';
import { transformerComparableSnapshot } from './helpers/snapshots.js';

const POINTS = 10; // data points in transformerComparableSnapshot()
const FAST_RETRY = { initialBackoffMillis: 20, maxBackoffMillis: 50 };

const loopback = useLoopbackExporter({ retry: FAST_RETRY });

it('each forceFlush reports the batches settled since the previous one', async () => {
  const receiver = await loopback.startReceiver([reply(200), reply(503), reply(200), reply(400, 'bad')]);
  const e = loopback.createExporter(receiver.url);

  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
  const first = await e.forceFlush();
  expect(first).toMatchObject({ exportedBatches: 1, exportedDataPoints: POINTS, droppedBatches: 0, ok: true });
  expect(first.lastError).toBeUndefined();

  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0); // after one 503
  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(1); // 400
  const second = await e.forceFlush();
  // The failure, the retry and the error all fall in this interval, so the interval and the totals
  // agree on them; only the exports differ (the totals also count the first interval's batch).
  const sharedByIntervalAndTotal = {
    failedDataPoints: POINTS,
    droppedBatches: 1,
    rejectedDataPoints: 0,
    retries: 1,
    pendingBatches: 0,
    lastError: 'HTTP 400: bad',
    ok: false,
  };
  expect(second).toEqual({
    ...sharedByIntervalAndTotal,
    exportedBatches: 1,
    exportedDataPoints: POINTS,
    total: { ...sharedByIntervalAndTotal, exportedBatches: 2, exportedDataPoints: 2 * POINTS },
  });
  expect(e.report()).toEqual(second.total);

  // Nothing happened since: the previous flush's report again (what a reader's own flush did).
  const idle = await e.forceFlush();
  expect(idle).toEqual(second);

  // The failure belongs to the earlier interval: a clean one is ok again, totals are not.
  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
  const third = await e.forceFlush();
  expect(third).toMatchObject({ exportedBatches: 1, droppedBatches: 0, retries: 0, ok: true });
  expect(third.lastError).toBeUndefined();
  expect(third.total).toMatchObject({ exportedBatches: 3, droppedBatches: 1, ok: false });
});
