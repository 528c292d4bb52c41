import { describe, expect, it } from 'vitest';
import { captureDiag } from './helpers/diag-capture.js';
import { exportOnce } from './helpers/export.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { decodeRequest, encodeResponse, metricsOf } from './helpers/otlp-decoder.js';
import { type Receiver, deadUrl, reply, resetConnection, resetDuringUpload, slow } from './helpers/receiver.js';
import { sizedSnapshot, transformerComparableSnapshot } from './helpers/snapshots.js';
import { MAX_REQUEST_BYTES } from '../src/transport.js';

const POINTS = 10; // data points in transformerComparableSnapshot()
const FAST_RETRY = { initialBackoffMillis: 50, maxBackoffMillis: 200, multiplier: 1.5, jitter: 0.2 };

const loopback = useLoopbackExporter({ retry: FAST_RETRY, timeoutMillis: 3000 });

function gaps(r: Receiver): number[] {
  return r.requests.slice(1).map((req, i) => req.at - r.requests[i].at);
}

describe('OTLPMetricExporter faults on loopback', () => {
  it('retries while the receiver is down, then drops and reports the batch', async () => {
    const e = loopback.createExporter(await deadUrl(), { timeoutMillis: 5000 });
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/giving up after 5 attempts.*ECONNREFUSED/);
    // 4 backoff delays of at least 50, 75, 112, 168 ms minus 20 % jitter
    expect(result.elapsed).toBeGreaterThanOrEqual(0.8 * (50 + 75 + 112.5 + 168.75) - 5);
    const report = await e.forceFlush();
    expect(report).toMatchObject({
      retries: 4,
      droppedBatches: 1,
      failedDataPoints: POINTS,
      exportedBatches: 0,
      ok: false,
    });
  });

  it('gives up when the receiver is slower than the export timeout', async () => {
    const receiver = await loopback.startReceiver([slow(3000)]);
    const e = loopback.createExporter(receiver.url, { timeoutMillis: 300 });
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/timed out after 300 ms/);
    expect(result.elapsed).toBeGreaterThanOrEqual(290);
    expect(result.elapsed).toBeLessThan(1500);
    expect(receiver.requests).toHaveLength(1);
    expect((await e.forceFlush()).droppedBatches).toBe(1);
  });

  it('honours Retry-After (seconds) on 429', async () => {
    const receiver = await loopback.startReceiver([reply(429, '', { 'retry-after': '1' })]);
    const e = loopback.createExporter(receiver.url, { timeoutMillis: 4000 });
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(2);
    expect(gaps(receiver)[0]).toBeGreaterThanOrEqual(990);
    expect(receiver.requests[1].body.equals(receiver.requests[0].body)).toBe(true);
    expect(await e.forceFlush()).toMatchObject({ exportedDataPoints: POINTS, retries: 1, ok: true });
  });

  it('does not wait for a Retry-After beyond the export timeout', async () => {
    const receiver = await loopback.startReceiver([reply(503, 'busy', { 'retry-after': '30' })]);
    const e = loopback.createExporter(receiver.url, { timeoutMillis: 1000 });
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.elapsed).toBeLessThan(500);
    expect(result.error?.message).toMatch(
      /HTTP 503: busy; next retry in 30000 ms would pass the 1000 ms export timeout/,
    );
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries 503 twice with growing jittered backoff, then succeeds without losing points', async () => {
    const receiver = await loopback.startReceiver([reply(503), reply(503)]);
    const e = loopback.createExporter(receiver.url);
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(3);
    const [first, second] = gaps(receiver);
    expect(first).toBeGreaterThanOrEqual(40 - 2);
    expect(first).toBeLessThan(60 + 150); // 50 ms ± 20 % (+ scheduling slack)
    expect(second).toBeGreaterThanOrEqual(60 - 2); // 75 ms ± 20 %
    const decoded = decodeRequest(receiver.requests[2].body);
    expect(metricsOf(decoded)).toHaveLength(5);
    expect(await e.forceFlush()).toMatchObject({ exportedBatches: 1, exportedDataPoints: POINTS, retries: 2 });
  });

  it('does not retry 400 and reports the status and the google.rpc.Status message', async () => {
    // google.rpc.Status { code = 3, message = "invalid metric name" }
    const status = Buffer.concat([Buffer.from([0x08, 0x03, 0x12, 19]), Buffer.from('invalid metric name')]);
    const receiver = await loopback.startReceiver([reply(400, status)]);
    const e = loopback.createExporter(receiver.url);
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.error?.message).toBe('HTTP 400: invalid metric name');
    expect((result.error as { code?: number }).code).toBe(400);
    expect(receiver.requests).toHaveLength(1);
    const report = await e.forceFlush();
    expect(report).toMatchObject({ droppedBatches: 1, retries: 0, lastError: 'HTTP 400: invalid metric name' });
  });

  it('does not retry other 4xx/5xx (500) and shows a plain-text body excerpt', async () => {
    const receiver = await loopback.startReceiver([reply(500, 'internal\nerror', { 'content-type': 'text/plain' })]);
    const result = await exportOnce(loopback.createExporter(receiver.url), transformerComparableSnapshot());
    expect(result.error?.message).toBe('HTTP 500: internal error');
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries after the connection is reset mid-request', async () => {
    const receiver = await loopback.startReceiver([resetConnection]);
    const e = loopback.createExporter(receiver.url);
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(2);
    expect(metricsOf(decodeRequest(receiver.requests[1].body))).toHaveLength(5);
    expect((await e.forceFlush()).retries).toBe(1);
  });

  it('retries after the connection is reset during the upload of a large body, losing nothing', async () => {
    const receiver = await loopback.startReceiver([resetDuringUpload]);
    const e = loopback.createExporter(receiver.url, { timeoutMillis: 5000 });
    const points = 2000;
    const result = await exportOnce(e, sizedSnapshot(points, 4096)); // ≈ 8 MiB
    expect(result.code).toBe(0);
    expect(result.elapsed).toBeLessThan(5000);
    // The first attempt was cut off after its first chunk; the retry arrived whole.
    expect(receiver.aborted).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    const body = receiver.requests[0].body;
    expect(receiver.aborted[0]).toBeLessThan(body.length / 4);
    const [metric] = metricsOf(decodeRequest(body));
    expect(metric.sum.dataPoints).toHaveLength(points);
    expect(await e.forceFlush()).toMatchObject({
      retries: 1,
      exportedBatches: 1,
      exportedDataPoints: points,
      droppedBatches: 0,
      ok: true,
    });
  });

  it.each([429, 502, 503, 504])('retries HTTP %i, then succeeds with the same body', async (status) => {
    const receiver = await loopback.startReceiver([reply(status, 'try later')]);
    const e = loopback.createExporter(receiver.url);
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1].body.equals(receiver.requests[0].body)).toBe(true);
    expect(await e.forceFlush()).toMatchObject({ retries: 1, exportedDataPoints: POINTS, ok: true });
  });

  it.each([400, 401, 403, 404, 413])('does not retry HTTP %i and drops the batch', async (status) => {
    const receiver = await loopback.startReceiver([reply(status, 'no')]);
    const e = loopback.createExporter(receiver.url);
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.error?.message).toBe(`HTTP ${status}: no`);
    expect((result.error as { code?: number }).code).toBe(status);
    expect(receiver.requests).toHaveLength(1);
    expect(await e.forceFlush()).toMatchObject({ retries: 0, droppedBatches: 1, failedDataPoints: POINTS });
  });

  it('refuses a request body over the 64 MiB cap without connecting, and counts it as dropped', async () => {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url);
    const points = 17;
    const result = await exportOnce(e, sizedSnapshot(points, 4 * 1024 * 1024)); // ≈ 68 MiB
    expect(MAX_REQUEST_BYTES).toBe(64 * 1024 * 1024);
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/^request body of \d+ bytes exceeds the 67108864-byte limit$/);
    expect(receiver.connections).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    expect(await e.forceFlush()).toMatchObject({
      droppedBatches: 1,
      failedDataPoints: points,
      retries: 0,
      ok: false,
    });
  });

  it('applies the 64 MiB cap to the compressed body', async () => {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url, { compression: 'gzip' });
    const result = await exportOnce(e, sizedSnapshot(17, 4 * 1024 * 1024)); // ≈ 68 MiB, gzips to < 1 MiB
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].body.length).toBeGreaterThan(MAX_REQUEST_BYTES);
  });

  it('treats a response above 4 MiB as a non-retryable error', async () => {
    const receiver = await loopback.startReceiver([reply(200, Buffer.alloc(4 * 1024 * 1024 + 10))]);
    const result = await exportOnce(loopback.createExporter(receiver.url), transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/response larger than 4194304 bytes/);
    expect(receiver.requests).toHaveLength(1);
  });

  it('reports a partial success through diag and in the report', async () => {
    const diag = captureDiag();
    try {
      const body = encodeResponse({ partialSuccess: { rejectedDataPoints: 2, errorMessage: 'too old' } });
      const receiver = await loopback.startReceiver([reply(200, body)]);
      const e = loopback.createExporter(receiver.url);
      expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
      expect(await e.forceFlush()).toMatchObject({
        exportedBatches: 1,
        exportedDataPoints: POINTS - 2,
        rejectedDataPoints: 2,
        ok: false,
      });
      expect(diag.messages).toContainEqual({
        level: 'warn',
        text: 'Yardstick OTLP: partial success: 2 of 10 data points rejected: too old',
      });
    } finally {
      diag.stop();
    }
  });

  it('never logs header values', async () => {
    const diag = captureDiag();
    try {
      const receiver = await loopback.startReceiver([reply(401, 'unauthorized')]);
      const e = loopback.createExporter(receiver.url, {
        headers: { authorization: 'Bearer s3cr3t-token' },
        env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=hunter2,broken-entry-hunter3' },
      });
      const result = await exportOnce(e, transformerComparableSnapshot());
      expect(result.code).toBe(1);
      expect(receiver.requests[0].headers.authorization).toBe('Bearer s3cr3t-token');
      expect(receiver.requests[0].headers['x-api-key']).toBe('hunter2');
      const all = diag.messages.map((m) => m.text).join('\n') + String(result.error?.message);
      expect(all).toContain('HTTP 401');
      expect(all).not.toMatch(/s3cr3t|hunter2|hunter3/);
    } finally {
      diag.stop();
    }
  });

  it('drops (and counts) a batch beyond the concurrency limit', async () => {
    const receiver = await loopback.startReceiver([slow(150)]);
    const e = loopback.createExporter(receiver.url, { concurrencyLimit: 1 });
    const first = exportOnce(e, transformerComparableSnapshot());
    const second = await exportOnce(e, transformerComparableSnapshot());
    expect(second.code).toBe(1);
    expect(second.error?.message).toMatch(/1 exports already in flight/);
    expect((await first).code).toBe(0);
    expect(await e.forceFlush()).toMatchObject({ exportedBatches: 1, droppedBatches: 1, failedDataPoints: POINTS });
  });

  it('forceFlush waits for the export in flight; exports after shutdown are dropped', async () => {
    const receiver = await loopback.startReceiver([slow(200)]);
    const e = loopback.createExporter(receiver.url);
    let done = false;
    e.export(transformerComparableSnapshot(), () => {
      done = true;
    });
    const report = await e.forceFlush();
    expect(done).toBe(true);
    expect(report).toMatchObject({ exportedBatches: 1, pendingBatches: 0, ok: true });
    await e.shutdown();
    const after = await exportOnce(e, transformerComparableSnapshot());
    expect(after.code).toBe(1);
    expect(e.report().droppedBatches).toBe(1);
  });

  it('sends nothing for an empty collection', async () => {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url);
    const result = await exportOnce(e, { resource: { attributes: {} }, scopeMetrics: [] });
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });
});
