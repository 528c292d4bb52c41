import { AggregationTemporality, type ResourceMetrics } from '@yardstick/core';
import { type ExportResult, ExportResultCode, type PushMetricExporter } from '@yardstick/sdk';
import { ansi, plain, useColors } from './colors.js';
import { renderJsonLines } from './json-lines.js';
import { renderTable } from './table.js';

/** The part of a Writable the exporter uses; `process.stdout`, a file stream or a test sink. */
export interface OutputStream {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  isTTY?: boolean;
}

export interface ConsoleMetricExporterOptions {
  /** `table` (default) for people, `json` for one JSON object per data point and line. */
  format?: 'table' | 'json';
  /** Where to write; default `process.stdout`. */
  stream?: OutputStream;
  /** Force colours on or off; by default only a TTY gets colours, and never with NO_COLOR set. */
  colors?: boolean;
  /** Temporality asked of the reader; default cumulative. */
  temporality?: AggregationTemporality;
}

/**
 * ConsoleMetricExporter prints every export as compact aligned tables (or JSON lines), for
 * development. Use it with a PeriodicExportingMetricReader.
 *
 * @example
 * const reader = new PeriodicExportingMetricReader({
 *   exporter: new ConsoleMetricExporter(),
 *   exportIntervalMillis: 5000,
 * });
 * const provider = new MeterProvider({ readers: [reader] });
 */
export class ConsoleMetricExporter implements PushMetricExporter {
  private readonly format: 'table' | 'json';
  private readonly stream: OutputStream;
  private readonly colors: boolean;
  private readonly temporality: AggregationTemporality;
  private stopped = false;

  constructor(options: ConsoleMetricExporterOptions = {}) {
    this.format = options.format === 'json' ? 'json' : 'table';
    this.stream = options.stream ?? process.stdout;
    this.colors = this.format === 'table' && (options.colors ?? useColors(this.stream, process.env));
    this.temporality = options.temporality ?? AggregationTemporality.CUMULATIVE;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('ConsoleMetricExporter is shut down') });
      return;
    }
    let text: string;
    try {
      text =
        this.format === 'json'
          ? renderJsonLines(metrics)
          : renderTable(metrics, new Date(), this.colors ? ansi : plain);
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    if (text === '') {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    // One write per export, so batches from concurrent writers never interleave mid-table.
    try {
      this.stream.write(text, (error) =>
        resultCallback(error ? { code: ExportResultCode.FAILED, error } : { code: ExportResultCode.SUCCESS }),
      );
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  selectAggregationTemporality(): AggregationTemporality {
    return this.temporality;
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
