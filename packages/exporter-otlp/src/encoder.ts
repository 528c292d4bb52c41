/**
 * ProtobufMetricsEncoder: protobuf encoding into one buffer reused from call to call. Large
 * fresh allocations are costly (beyond 32 MB glibc maps new pages each time, and each page
 * faults on first write), so a long-lived caller such as the exporter keeps one buffer.
 */
import type { ResourceMetrics } from '@yardstick/core';
import { encodeInto } from './proto-metrics.js';
import { ReverseWriter } from './proto-writer.js';

/** Below this, a buffer much larger than the last request is kept anyway. */
const KEEP_BYTES = 1024 * 1024;

/**
 * ProtobufMetricsEncoder encodes `ExportMetricsServiceRequest`s into a reused buffer.
 *
 * @example
 * const encoder = new ProtobufMetricsEncoder();
 * const bytes = encoder.encode(resourceMetrics); // valid until the next encode() call
 * await send(bytes);
 */
export class ProtobufMetricsEncoder {
  private writer = new ReverseWriter(64 * 1024);

  /** encode returns the request bytes; they are overwritten by the next `encode` call. */
  encode(resourceMetrics: ResourceMetrics): Uint8Array {
    const out = encodeInto(this.writer, resourceMetrics);
    const capacity = this.writer.buf.length;
    // Give memory back after a spike: the next request starts from a buffer twice the last size.
    if (capacity > KEEP_BYTES && capacity > out.length * 4) {
      const next = new ReverseWriter(Math.max(KEEP_BYTES, out.length * 2));
      const bytes = out.slice();
      this.writer = next;
      return bytes;
    }
    return out;
  }
}
