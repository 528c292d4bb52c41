/** `headers` as a function (the OpenTelemetry JS HeadersFactory shape): called per export, merged over env headers. */
import { expect, it } from 'vitest';
import { captureDiag } from './helpers/diag-capture.js';
import { exportOnce } from './helpers/export.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { reply } from './helpers/receiver.js';
import { transformerComparableSnapshot } from './helpers/snapshots.js';

const loopback = useLoopbackExporter({ retry: { initialBackoffMillis: 20 } });

it('calls the factory once per export (retries reuse it) and sends its values', async () => {
  const receiver = await loopback.startReceiver([reply(503)]);
  let calls = 0;
  const e = loopback.createExporter(receiver.url, {
    headers: async () => {
      calls++;
      return { Authorization: `Bearer token-${calls}`, 'X-Tenant': 'acme' };
    },
    env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-env=from-env,x-tenant=env-tenant' },
  });
  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
  expect(calls).toBe(2);
  const seen = receiver.requests.map((r) => [r.headers.authorization, r.headers['x-tenant'], r.headers['x-env']]);
  expect(seen).toEqual([
    ['Bearer token-1', 'acme', 'from-env'], // 503
    ['Bearer token-1', 'acme', 'from-env'], // its retry
    ['Bearer token-2', 'acme', 'from-env'],
  ]);
  const first = receiver.requests[0].headers;
  expect(first['content-type']).toBe('application/x-protobuf');
  expect(first['user-agent']).toMatch(/^Yardstick-OTLP-Exporter-JavaScript\//);
});

it('accepts a synchronous factory; ours stay: content-type, content-encoding, user-agent suffix', async () => {
  const receiver = await loopback.startReceiver();
  const e = loopback.createExporter(receiver.url, {
    compression: 'gzip',
    headers: () => ({ 'content-type': 'text/plain', 'content-encoding': 'br', 'user-agent': 'job/1' }),
  });
  expect((await exportOnce(e, transformerComparableSnapshot())).code).toBe(0);
  const h = receiver.requests[0].headers;
  expect(h['content-type']).toBe('application/x-protobuf');
  expect(h['content-encoding']).toBe('gzip');
  expect(h['user-agent']).toMatch(/^job\/1 Yardstick-OTLP-Exporter-JavaScript\//);
});

it('drops and reports the batch, sending nothing, when the factory rejects', async () => {
  const diag = captureDiag();
  try {
    const receiver = await loopback.startReceiver();
    const e = loopback.createExporter(receiver.url, {
      headers: async () => {
        throw new Error('token service down');
      },
    });
    const result = await exportOnce(e, transformerComparableSnapshot());
    expect(result.code).toBe(1);
    expect(result.error?.message).toBe('headers factory failed: token service down');
    expect(receiver.requests).toHaveLength(0);
    expect(await e.forceFlush()).toMatchObject({ droppedBatches: 1, failedDataPoints: 10, ok: false });
    expect(diag.messages.some((m) => m.level === 'error' && m.text.includes('headers factory failed'))).toBe(true);
  } finally {
    diag.stop();
  }
});
