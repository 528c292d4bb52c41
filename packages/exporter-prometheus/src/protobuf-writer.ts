/**
 * Prometheus protobuf exposition: varint-length-delimited `io.prometheus.client.MetricFamily`
 * messages, written field by field with protobufjs' Writer (no intermediate objects). It is the only
 * scrape format with native histograms, so exponential histograms travel natively here.
 *
 * Field numbers: prometheus/client_model `io/prometheus/client/metrics.proto`.
 */
import type { Attributes, DataPoint, Exemplar, ExponentialHistogram, Histogram, HrTime } from '@yardstick/core';
import { DataPointType } from '@yardstick/core';
import protobuf from 'protobufjs/minimal.js';
import { warnOnce } from './diag.js';
import { bucketExemplars, exemplarLabels, latestExemplar } from './exemplars.js';
import { type NativeBuckets, type NativeHistogram, toNativeHistogram } from './exponential-buckets.js';
import { HAS_LE, type LabelPairs, renderLabelPairs, renderLabelsWithout } from './labels.js';
import { hrTimeToMillis } from './numbers.js';
import type { Plan } from './plan.js';

type Writer = protobuf.Writer;

/** Where the writer appends finished byte chunks. */
export interface ByteSink {
  readonly chunks: Uint8Array[];
}

enum MetricType {
  COUNTER = 0,
  GAUGE = 1,
  HISTOGRAM = 4,
}

/** Series written between two yields. */
const SLICE_SERIES = 64;

/** writeProtobuf writes `plan` as delimited MetricFamily messages, yielding between slices. */
export function* writeProtobuf(plan: Plan, appendTimestamp: boolean, sink: ByteSink): Generator<void, void, void> {
  const w = protobuf.Writer.create();
  if (plan.target !== undefined) {
    w.uint32(34).fork();
    const target = renderLabelPairs(plan.targetAttributes);
    writeLabels(w, target.names, target.values);
    w.uint32(18).fork().uint32(9).double(1).ldelim();
    w.ldelim();
    emitFamily(sink, 'target_info', 'Target metadata', MetricType.GAUGE, '', [takeBytes(w)]);
  }
  let series = 0;
  for (const family of plan.families) {
    const parts: Uint8Array[] = [];
    for (const member of family.members) {
      const metric = member.metric;
      for (const point of metric.dataPoints as DataPoint<unknown>[]) {
        let native: NativeHistogram | undefined;
        if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
          const value = (point as DataPoint<ExponentialHistogram>).value;
          native = toNativeHistogram(value);
          if (native === undefined || value.sum === undefined) {
            // Scale below −4, or no sum: the specification drops the point.
            warnOnce(
              `native:${metric.descriptor.name}`,
              `Prometheus: a point of "${metric.descriptor.name}" cannot be a native histogram; dropped`,
            );
            continue;
          }
        }
        w.uint32(34).fork();
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          writeMetricLabels(w, point.attributes, member.extra, plan.reservedMask | HAS_LE);
          writeClassicHistogram(w, point as DataPoint<Histogram>);
        } else if (native !== undefined) {
          writeMetricLabels(w, point.attributes, member.extra, plan.reservedMask | HAS_LE);
          writeNativeHistogram(w, point as DataPoint<ExponentialHistogram>, native);
        } else if (family.type === 'counter') {
          writeMetricLabels(w, point.attributes, member.extra, plan.reservedMask);
          writeCounter(w, point as DataPoint<number>);
        } else {
          writeMetricLabels(w, point.attributes, member.extra, plan.reservedMask);
          w.uint32(18)
            .fork()
            .uint32(9)
            .double((point as DataPoint<number>).value)
            .ldelim();
        }
        if (appendTimestamp) w.uint32(48).int64(hrTimeToMillis(point.endTime));
        w.ldelim();
        if (++series >= SLICE_SERIES) {
          series = 0;
          parts.push(takeBytes(w));
          yield;
        }
      }
    }
    parts.push(takeBytes(w));
    const name = family.type === 'histogram' ? family.names.family : family.names.sample;
    const type =
      family.type === 'counter'
        ? MetricType.COUNTER
        : family.type === 'gauge'
          ? MetricType.GAUGE
          : MetricType.HISTOGRAM;
    emitFamily(sink, name, family.help, type, family.names.unit, parts);
  }
}

/** takeBytes returns what `w` holds and empties it (protobufjs' finish() does not reset). */
function takeBytes(w: Writer): Uint8Array {
  const bytes = w.finish();
  w.reset();
  return bytes;
}

/** emitFamily prefixes the family header and its metrics with the total length. */
function emitFamily(sink: ByteSink, name: string, help: string, type: MetricType, unit: string, parts: Uint8Array[]) {
  const header = protobuf.Writer.create();
  header.uint32(10).string(name);
  if (help !== '') header.uint32(18).string(help);
  header.uint32(24).int32(type);
  if (unit !== '') header.uint32(42).string(unit);
  const headerBytes = header.finish();
  let length = headerBytes.length;
  for (const p of parts) length += p.length;
  sink.chunks.push(protobuf.Writer.create().uint32(length).finish(), headerBytes);
  for (const p of parts) if (p.length > 0) sink.chunks.push(p);
}

function writeLabels(w: Writer, names: readonly string[], values: readonly string[]): void {
  for (let i = 0; i < names.length; i++) {
    w.uint32(10).fork().uint32(10).string(names[i]).uint32(18).string(values[i]).ldelim();
  }
}

function writeMetricLabels(w: Writer, attributes: Attributes, extra: LabelPairs, mask: number): void {
  let rendered = renderLabelPairs(attributes);
  const clash = rendered.reserved & mask;
  if (clash !== 0) rendered = renderLabelsWithout(attributes, clash);
  writeLabels(w, rendered.names, rendered.values);
  writeLabels(w, extra.names, extra.values);
}

function writeTimestamp(w: Writer, field: number, time: HrTime): void {
  w.uint32((field << 3) | 2)
    .fork()
    .uint32(8)
    .int64(time[0])
    .uint32(16)
    .int32(time[1])
    .ldelim();
}

function writeExemplar(w: Writer, field: number, e: Exemplar): void {
  const { names, values } = exemplarLabels(e);
  w.uint32((field << 3) | 2).fork();
  writeLabels(w, names, values);
  w.uint32(17).double(e.value);
  writeTimestamp(w, 3, e.timestamp);
  w.ldelim();
}

function writeCounter(w: Writer, point: DataPoint<number>): void {
  w.uint32(26).fork().uint32(9).double(point.value);
  if (point.exemplars?.length) writeExemplar(w, 2, latestExemplar(point.exemplars) as Exemplar);
  writeTimestamp(w, 3, point.startTime);
  w.ldelim();
}

function writeClassicHistogram(w: Writer, point: DataPoint<Histogram>): void {
  const h = point.value;
  const bounds = h.buckets.boundaries;
  const counts = h.buckets.counts;
  const exemplars = point.exemplars?.length ? bucketExemplars(point.exemplars, bounds) : undefined;
  w.uint32(58).fork().uint32(8).uint64(h.count);
  if (h.sum !== undefined) w.uint32(17).double(h.sum);
  let cumulative = 0;
  // The +Inf bucket is implied by sample_count, as client_golang writes it.
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[i];
    if (bounds[i] === Number.POSITIVE_INFINITY) continue;
    w.uint32(26).fork().uint32(8).uint64(cumulative).uint32(17).double(bounds[i]);
    const ex = exemplars?.[i];
    if (ex !== undefined) writeExemplar(w, 3, ex);
    w.ldelim();
  }
  writeTimestamp(w, 15, point.startTime);
  w.ldelim();
}

function writeSpans(w: Writer, field: number, deltasField: number, buckets: NativeBuckets): void {
  const { spans, deltas } = buckets;
  for (let i = 0; i < spans.length; i += 2) {
    w.uint32((field << 3) | 2)
      .fork()
      .uint32(8)
      .sint32(spans[i])
      .uint32(16)
      .uint32(spans[i + 1])
      .ldelim();
  }
  if (deltas.length === 0) return;
  w.uint32((deltasField << 3) | 2).fork();
  for (const d of deltas) w.sint64(d);
  w.ldelim();
}

function writeNativeHistogram(w: Writer, point: DataPoint<ExponentialHistogram>, native: NativeHistogram): void {
  const h = point.value;
  w.uint32(58)
    .fork()
    .uint32(8)
    .uint64(h.count)
    .uint32(17)
    .double(h.sum as number);
  writeTimestamp(w, 15, point.startTime);
  w.uint32(40).sint32(native.schema).uint32(49).double(native.zeroThreshold).uint32(56).uint64(h.zeroCount);
  writeSpans(w, 9, 10, native.negative);
  writeSpans(w, 12, 13, native.positive);
  // A histogram without buckets still needs a span to read as native (metrics.proto advice).
  if (native.positive.spans.length === 0 && native.negative.spans.length === 0) {
    w.uint32(98).fork().uint32(8).sint32(0).uint32(16).uint32(0).ldelim();
  }
  w.ldelim();
}
