/** The README's short-lived-job example, run against a loopback receiver. */
import { MeterProvider, PeriodicExportingMetricReader } from '@yardstick/sdk';
import { expect, it } from 'vitest';
import { OTLPMetricExporter } from '../src/index.js';
import { decodeRequest, metricsOf } from './helpers/otlp-decoder.js';
import { startReceiver } from './helpers/receiver.js';

it('short-lived job: forceFlush reports what reached the backend', async () => {
  const receiver = await startReceiver();
  try {
    const exporter = new OTLPMetricExporter({
      url: receiver.url,
      headers: { authorization: 'Bearer t' },
      compression: 'gzip',
      timeoutMillis: 5_000,
      temporalityPreference: 'delta',
      env: {},
    });
    const provider = new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })],
    });
    const rows = provider.getMeter('import-job').createCounter('rows.imported');
    rows.add(1250, { table: 'orders' });

    await provider.forceFlush();
    const report = await exporter.forceFlush();
    const counters = {
      exportedBatches: 1,
      exportedDataPoints: 1,
      failedDataPoints: 0,
      droppedBatches: 0,
      rejectedDataPoints: 0,
      retries: 0,
      pendingBatches: 0,
      ok: true,
    };
    // provider.forceFlush() already flushed the exporter (through the reader): the report repeats that flush's.
    expect(report).toEqual({ ...counters, total: counters });
    await provider.shutdown();
    const [metric] = metricsOf(decodeRequest(receiver.requests[0].body));
    expect(metric.name).toBe('rows.imported');
    expect(metric.sum.aggregationTemporality).toBe(1);
    expect(metric.sum.dataPoints[0].asDouble).toBe(1250);
  } finally {
    await receiver.close();
  }
});
