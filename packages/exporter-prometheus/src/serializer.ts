/**
 * PrometheusSerializer: the public entry for users who render expositions themselves. Same shape as
 * `@opentelemetry/exporter-prometheus`' serializer (`serialize(resourceMetrics)` → text), plus
 * OpenMetrics, protobuf, and a sliced asynchronous form for very large collections.
 */
import type { ResourceMetrics } from '@yardstick/core';
import { ChunkPool } from './chunk-pool.js';
import type { ExpositionFormat } from './formats.js';
import { type ExpositionOptions, planExposition } from './plan.js';
import { type ByteSink, writeProtobuf } from './protobuf-writer.js';
import { TextSink } from './text-sink.js';
import { writeText } from './text-writer.js';

/** Options of PrometheusSerializer (and of the exposition part of PrometheusExporter). */
export interface PrometheusSerializerOptions extends ExpositionOptions {
  /**
   * Most bytes of output buffers kept for reuse between sliced renders (see `release`); default
   * 256 MiB, 0 keeps none. The pool only ever holds what earlier scrapes needed at once.
   */
  bufferPoolBytes?: number;
}

const DEFAULT_POOL_BYTES = 256 * 2 ** 20;

/** Options of PrometheusSerializer.serializeInSlices. */
export interface SliceOptions {
  /** Longest stretch of synchronous work before yielding to the event loop (default 5 ms). */
  readonly sliceMillis?: number;
}

const DEFAULT_SLICE_MILLIS = 5;
/** Text is turned into bytes every ~128 KiB, a copy of well under a millisecond. */
const FLATTEN_CHARS = 1 << 20;

/**
 * PrometheusSerializer turns a collection into a Prometheus exposition.
 *
 * @example
 * const serializer = new PrometheusSerializer({ prefix: 'app' });
 * const { resourceMetrics } = await reader.collect();
 * const text = serializer.serialize(resourceMetrics); // Prometheus text 0.0.4
 * const om = serializer.serialize(resourceMetrics, 'openmetrics');
 */
export class PrometheusSerializer {
  private readonly options: ExpositionOptions;
  private readonly pool: ChunkPool;

  /** Takes options, or the positional arguments of `@opentelemetry/exporter-prometheus`' serializer. */
  constructor(options?: PrometheusSerializerOptions);
  constructor(
    prefix?: string,
    appendTimestamp?: boolean,
    withResourceConstantLabels?: RegExp,
    withoutTargetInfo?: boolean,
    withoutScopeInfo?: boolean,
  );
  constructor(
    first?: PrometheusSerializerOptions | string,
    appendTimestamp?: boolean,
    withResourceConstantLabels?: RegExp,
    withoutTargetInfo?: boolean,
    withoutScopeInfo?: boolean,
  ) {
    this.options =
      typeof first === 'object' && first !== null
        ? { ...first }
        : {
            prefix: first || undefined,
            appendTimestamp,
            withResourceConstantLabels,
            withoutTargetInfo,
            withoutScopeInfo,
          };
    const poolBytes = typeof first === 'object' && first !== null ? first.bufferPoolBytes : undefined;
    this.pool = new ChunkPool(poolBytes ?? DEFAULT_POOL_BYTES);
  }

  /** serialize renders text 0.0.4 (default) or OpenMetrics 1.0 in one synchronous pass. */
  serialize(resourceMetrics: ResourceMetrics, format: 'text' | 'openmetrics' = 'text'): string {
    const sink = new TextSink();
    const writer = writeText(
      planExposition(resourceMetrics, this.options),
      format === 'openmetrics',
      this.options.appendTimestamp === true,
      sink,
    );
    while (!writer.next().done) {}
    return sink.text();
  }

  /** serializeProtobuf renders delimited `io.prometheus.client.MetricFamily` messages in one pass. */
  serializeProtobuf(resourceMetrics: ResourceMetrics): Uint8Array {
    const sink: ByteSink = { chunks: [] };
    const writer = writeProtobuf(
      planExposition(resourceMetrics, this.options),
      this.options.appendTimestamp === true,
      sink,
    );
    while (!writer.next().done) {}
    return Buffer.concat(sink.chunks);
  }

  /**
   * serializeInSlices renders any format in slices of at most `sliceMillis` of synchronous work,
   * yielding to the event loop (setImmediate) between them, and resolves to the output chunks.
   * Use it for collections with tens of thousands of series. Hand the chunks to `release` once
   * they are written, so the next render reuses their memory.
   */
  async serializeInSlices(
    resourceMetrics: ResourceMetrics,
    format: ExpositionFormat,
    options?: SliceOptions,
  ): Promise<Buffer[]> {
    const budget = options?.sliceMillis ?? DEFAULT_SLICE_MILLIS;
    const plan = planExposition(resourceMetrics, this.options);
    const timestamps = this.options.appendTimestamp === true;
    const chunks: Buffer[] = [];
    let writer: Generator<void, void, void>;
    let textSink: TextSink | undefined;
    let take: () => void;
    if (format === 'protobuf') {
      const sink: ByteSink = { chunks: [] };
      writer = writeProtobuf(plan, timestamps, sink);
      take = () => {
        for (const c of sink.chunks) chunks.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
        sink.chunks.length = 0;
      };
    } else {
      const sink = new TextSink(this.pool);
      textSink = sink;
      writer = writeText(plan, format === 'openmetrics', timestamps, sink);
      take = () => {
        chunks.push(...sink.take());
      };
    }
    let start = performance.now();
    while (!writer.next().done) {
      // Hand out full chunks as they fill, so a scrape's memory can be streamed and released.
      if (textSink !== undefined && textSink.pendingBytes >= FLATTEN_CHARS) take();
      if (performance.now() - start >= budget) {
        take();
        await new Promise<void>((resolve) => setImmediate(resolve));
        start = performance.now();
      }
    }
    take();
    textSink?.close();
    return chunks;
  }

  /**
   * release gives chunks returned by `serializeInSlices` back for reuse, once nothing reads them
   * any more (the response was written, or they were copied). Optional: chunks never released
   * are simply garbage collected.
   */
  release(chunks: readonly Uint8Array[]): void {
    this.pool.release(chunks);
  }
}
