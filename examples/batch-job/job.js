// A short-lived job: processes a batch of items, records metrics, pushes them via OTLP and
// flushes before it exits, so nothing recorded is lost when the process ends.
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 node job.js
// Endpoint, protocol (http/protobuf by default, or http/json), headers and timeout come from the
// standard OTEL_EXPORTER_OTLP_* variables. ITEMS sets the batch size (default 200).
import { setTimeout as sleep } from 'node:timers/promises';
import { OTLPMetricExporter } from '@yardstick/exporter-otlp';
import { MeterProvider, PeriodicExportingMetricReader, resourceFromAttributes } from '@yardstick/sdk';

const exporter = new OTLPMetricExporter();
const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': 'batch-job', 'job.run.id': String(process.pid) }),
  readers: [
    // The timer matters only for long runs; a short job exports once, on forceFlush below.
    new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 }),
  ],
});
const meter = provider.getMeter('batch-job', '1.0.0');
const processed = meter.createCounter('job.items.processed', {
  description: 'Items handled, by outcome',
  unit: '{item}',
});
const itemDuration = meter.createHistogram('job.item.duration', {
  description: 'Time to handle one item',
  unit: 's',
  advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] },
});
const runDuration = meter.createGauge('job.run.duration', { description: 'Wall time of the run', unit: 's' });

const items = Math.max(1, Math.floor(Number(process.env.ITEMS) || 200));
const started = performance.now();
for (let i = 0; i < items; i++) {
  const t0 = performance.now();
  await sleep(Math.random() * 4); // the "work"
  const outcome = i % 17 === 0 ? 'failed' : i % 5 === 0 ? 'skipped' : 'ok';
  processed.add(1, { outcome });
  itemDuration.record((performance.now() - t0) / 1000, { outcome });
}
runDuration.record((performance.now() - started) / 1000);
console.log(`batch-job: processed ${items} items in ${((performance.now() - started) / 1000).toFixed(2)} s`);

// Collect and export now (the reader's last export), then wait for the exporter to finish
// sending, retries included, and print what reached the backend. forceFlush rejects when the
// export failed; the report below says why, so the error itself is not rethrown.
await provider.forceFlush().catch(() => undefined);
const report = await exporter.forceFlush();
console.log(
  `batch-job: metrics flush ${report.ok ? 'ok' : 'INCOMPLETE'} — ` +
    `${report.exportedBatches} batch(es), ${report.exportedDataPoints} data points exported, ` +
    `${report.failedDataPoints} failed, ${report.rejectedDataPoints} rejected, ${report.retries} retries` +
    (report.lastError ? ` (last error: ${report.lastError})` : ''),
);
// Everything is exported: close the exporter's connections. (provider.shutdown() would run one
// more collect + export of the same cumulative values.)
await exporter.shutdown();
// Losing metrics does not fail the job; alert on the job's missing push instead.
