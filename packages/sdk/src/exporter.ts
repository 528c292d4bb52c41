import type { AggregationOption, AggregationTemporality, InstrumentType, ResourceMetrics } from '@yardstick/core';

/** ExportResultCode: SUCCESS = 0, FAILED = 1 (as in `@opentelemetry/core`). */
export enum ExportResultCode {
  SUCCESS = 0,
  FAILED = 1,
}

/** ExportResult is what an exporter reports for one batch. */
export interface ExportResult {
  code: ExportResultCode;
  error?: Error;
}

/**
 * PushMetricExporter sends collected metrics somewhere (`@opentelemetry/sdk-metrics` shape).
 * Retries are the exporter's job; a FAILED result means the batch was dropped.
 */
export interface PushMetricExporter {
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void;
  forceFlush(): Promise<unknown>;
  selectAggregationTemporality?(instrumentType: InstrumentType): AggregationTemporality;
  selectAggregation?(instrumentType: InstrumentType): AggregationOption;
  shutdown(): Promise<void>;
}
