/**
 * Per-test bootstrap for tests that export to a scripted loopback receiver: whatever a test starts
 * through it is shut down (exporters first, so nothing is still sending) and closed after that test.
 */
import { afterEach } from 'vitest';
import { OTLPMetricExporter, type OTLPMetricExporterOptions } from '../../src/index.js';
import { type Behaviour, type Receiver, startReceiver } from './receiver.js';

export interface LoopbackExporter {
  /** Starts a scripted receiver, closed after the test. */
  startReceiver(script?: Behaviour[]): Promise<Receiver>;
  /**
   * Creates an exporter for `url` from the file's defaults and `options`, shut down after the test.
   * With `url` undefined the endpoint comes from `options.env`, as it would in production.
   */
  createExporter(url: string | undefined, options?: OTLPMetricExporterOptions): OTLPMetricExporter;
}

/**
 * Call once at the top of a test file. The exporters ignore the process environment (`env: {}`)
 * unless `defaults` or `options` give one, so a developer's OTEL_* variables cannot change a test.
 */
export function useLoopbackExporter(defaults: OTLPMetricExporterOptions = {}): LoopbackExporter {
  let receivers: Receiver[] = [];
  let exporters: OTLPMetricExporter[] = [];
  afterEach(async () => {
    for (const exporter of exporters) await exporter.shutdown();
    for (const receiver of receivers) await receiver.close();
    exporters = [];
    receivers = [];
  });
  return {
    async startReceiver(script) {
      const receiver = await startReceiver(script);
      receivers.push(receiver);
      return receiver;
    },
    createExporter(url, options = {}) {
      const exporter = new OTLPMetricExporter({ url, env: {}, ...defaults, ...options });
      exporters.push(exporter);
      return exporter;
    },
  };
}
