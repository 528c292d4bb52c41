import { AggregationTemporality, type ResourceMetrics } from '@yardstick/core';
import { type ExportResult, ExportResultCode, type PushMetricExporter } from './exporter.js';

/** InMemoryMetricExporter keeps every exported batch; for tests and examples. */
export class InMemoryMetricExporter implements PushMetricExporter {
  private batches: ResourceMetrics[] = [];
  private stopped = false;

  constructor(private readonly temporality: AggregationTemporality = AggregationTemporality.CUMULATIVE) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('Exporter has been shutdown') });
      return;
    }
    this.batches.push(metrics);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** getMetrics returns the batches exported so far. */
  getMetrics(): ResourceMetrics[] {
    return this.batches;
  }

  reset(): void {
    this.batches = [];
  }

  selectAggregationTemporality(): AggregationTemporality {
    return this.temporality;
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
