/**
 * Snapshot → `ExportMetricsServiceRequest` protobuf bytes, written straight from the snapshot
 * (no intermediate message objects). Field numbers are those of opentelemetry-proto
 * `metrics/v1/metrics.proto`; every writer runs back to front (see proto-writer.ts), so fields
 * are written in descending field-number order and repeated elements from last to first.
 */
import {
  type Attributes,
  type DataPoint,
  type Exemplar,
  type ExponentialHistogram,
  type Histogram,
  HISTOGRAM_COUNT,
  HISTOGRAM_FIRST_BUCKET,
  HISTOGRAM_MAX,
  HISTOGRAM_MIN,
  HISTOGRAM_SUM,
  type HrTime,
  type InstrumentationScope,
  type MetricData,
  type PointColumns,
  type ResourceMetrics,
  type ScopeMetrics,
  pointColumns,
  startTimeCache,
} from '@yardstick/core';
import {
  type SlotCache,
  slotCache,
  writeAttributes,
  writeAttributesUncached,
  writeSlotAttributes,
} from './proto-attributes.js';
import { writeExemplars } from './proto-exemplars.js';
import { ReverseWriter } from './proto-writer.js';

// DataPointType and AggregationTemporality values (identical in @opentelemetry/sdk-metrics).
const HISTOGRAM = 0;
const EXPONENTIAL_HISTOGRAM = 1;
const GAUGE = 2;
const SUM = 3;
const DELTA = 0;
const CUMULATIVE = 1;
const VALUE_TYPE_INT = 0;

/** Tags: (field << 3) | wire type; wire 0 = varint, 1 = fixed64, 2 = length-delimited. */
const T1_LD = 0x0a;
const T2_LD = 0x12;
const T3_LD = 0x1a;
const T5_LD = 0x2a;
const T7_LD = 0x3a;
const T8_LD = 0x42;
const T9_LD = 0x4a;
const T10_LD = 0x52;
const T11_LD = 0x5a;
const T1_VARINT = 0x08;
const T2_VARINT = 0x10;
const T3_VARINT = 0x18;
const T4_VARINT = 0x20;
const T6_VARINT = 0x30;
const T2_FIXED = 0x11;
const T3_FIXED = 0x19;
const T4_FIXED = 0x21;
const T5_FIXED = 0x29;
const T6_FIXED = 0x31;
const T7_FIXED = 0x39;
const T11_FIXED = 0x59;
const T12_FIXED = 0x61;
const T13_FIXED = 0x69;
const T14_FIXED = 0x71;

/**
 * Packed `explicit_bounds` bytes of the previous histogram point: points of one metric have the
 * same boundaries (often not the same array), so they are encoded once and compared by value.
 */
let lastBounds: number[] = [];
let lastBoundsBytes = new Uint8Array(0);
/** The array lastBounds was copied from: columnar points all share one, so identity settles it. */
let lastBoundsSource: readonly number[] | undefined;

function sameBounds(bounds: readonly number[]): boolean {
  if (bounds === lastBoundsSource) return true;
  const last = lastBounds;
  if (bounds.length !== last.length) return false;
  for (let i = 0; i < bounds.length; i++) if (!Object.is(bounds[i], last[i])) return false;
  return true;
}

function rememberBounds(bounds: readonly number[]): void {
  const scratch = new ReverseWriter(bounds.length * 8 + 8);
  for (let i = bounds.length - 1; i >= 0; i--) scratch.double(bounds[i]);
  lastBoundsBytes = scratch.finish().slice();
  lastBounds = bounds.slice();
  lastBoundsSource = bounds;
}

/** Initial buffer size of the next fresh request: the size of the previous one, so it rarely grows. */
let sizeHint = 64 * 1024;

/** encodeMetricsRequest returns `ExportMetricsServiceRequest` bytes in a fresh buffer. */
export function encodeMetricsRequest(resourceMetrics: ResourceMetrics): Uint8Array {
  const out = encodeInto(new ReverseWriter(sizeHint), resourceMetrics);
  sizeHint = Math.max(4096, Math.min(out.length + (out.length >>> 3), 64 * 1024 * 1024));
  return out;
}

/** encodeInto writes the request into `w` (reset first) and returns a view of the bytes. */
export function encodeInto(w: ReverseWriter, resourceMetrics: ResourceMetrics): Uint8Array {
  w.reset();
  writeResourceMetrics(w, resourceMetrics);
  w.byte(T1_LD); // ExportMetricsServiceRequest.resource_metrics = 1
  return w.finish();
}

/** Prepends a ResourceMetrics message with its length prefix (the caller adds the tag). */
function writeResourceMetrics(w: ReverseWriter, rm: ResourceMetrics): void {
  const mark = w.len();
  const resource = rm.resource;
  if (resource.schemaUrl) {
    w.string(resource.schemaUrl);
    w.byte(T3_LD); // schema_url = 3
  }
  const scopes = rm.scopeMetrics;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const m = w.len();
    writeScopeMetrics(w, scopes[i]);
    w.field(m, T2_LD); // scope_metrics = 2
  }
  const r = w.len();
  const dropped = (resource as { droppedAttributesCount?: number }).droppedAttributesCount;
  if (dropped) {
    w.varint32(dropped);
    w.byte(T2_VARINT); // Resource.dropped_attributes_count = 2
  }
  if (resource.attributes) writeAttributesUncached(w, resource.attributes, 1);
  w.field(r, T1_LD); // resource = 1
  w.varint32(w.len() - mark);
}

function writeScopeMetrics(w: ReverseWriter, sm: ScopeMetrics): void {
  const scope = sm.scope;
  if (scope.schemaUrl) {
    w.string(scope.schemaUrl);
    w.byte(T3_LD); // schema_url = 3
  }
  const metrics = sm.metrics;
  for (let i = metrics.length - 1; i >= 0; i--) {
    const m = w.len();
    writeMetric(w, metrics[i]);
    w.field(m, T2_LD); // metrics = 2
  }
  const s = w.len();
  writeScope(w, scope);
  w.field(s, T1_LD); // scope = 1
}

function writeScope(w: ReverseWriter, scope: InstrumentationScope): void {
  const dropped = (scope as { droppedAttributesCount?: number }).droppedAttributesCount;
  if (dropped) {
    w.varint32(dropped);
    w.byte(T4_VARINT); // dropped_attributes_count = 4
  }
  if (scope.attributes) writeAttributesUncached(w, scope.attributes, 3);
  if (scope.version) {
    w.string(scope.version);
    w.byte(T2_LD); // version = 2
  }
  w.string(scope.name ?? '');
  w.byte(T1_LD); // name = 1
}

function protoTemporality(t: number): number {
  return t === DELTA ? 1 : t === CUMULATIVE ? 2 : 0;
}

function writeMetric(w: ReverseWriter, metric: MetricData): void {
  const m = w.len();
  const isInt = metric.descriptor.valueType === VALUE_TYPE_INT;
  const columns = pointColumns(metric);
  switch (metric.dataPointType) {
    case SUM: {
      if (metric.isMonotonic) {
        w.byte(1);
        w.byte(T3_VARINT); // Sum.is_monotonic = 3
      }
      writeTemporality(w, metric.aggregationTemporality);
      if (columns !== undefined) writeNumberColumns(w, columns, isInt);
      else writeNumberPoints(w, metric.dataPoints, isInt);
      w.field(m, 0x3a); // Metric.sum = 7
      break;
    }
    case GAUGE:
      if (columns !== undefined) writeNumberColumns(w, columns, isInt);
      else writeNumberPoints(w, metric.dataPoints, isInt);
      w.field(m, T5_LD); // Metric.gauge = 5
      break;
    case HISTOGRAM: {
      writeTemporality(w, metric.aggregationTemporality);
      if (columns !== undefined) writeHistogramColumns(w, columns, isInt);
      else writeHistogramPoints(w, metric.dataPoints, isInt);
      w.field(m, T9_LD); // Metric.histogram = 9
      break;
    }
    case EXPONENTIAL_HISTOGRAM: {
      writeTemporality(w, metric.aggregationTemporality);
      const points = metric.dataPoints;
      for (let i = points.length - 1; i >= 0; i--) {
        const p = w.len();
        writeExponentialPoint(w, points[i], isInt);
        w.field(p, T1_LD); // data_points = 1
      }
      w.field(m, T10_LD); // Metric.exponential_histogram = 10
      break;
    }
    default:
      // An unknown point type carries no data we can encode; the metric keeps its name only.
      break;
  }
  const d = metric.descriptor;
  if (d.unit) {
    w.string(d.unit);
    w.byte(T3_LD); // unit = 3
  }
  if (d.description) {
    w.string(d.description);
    w.byte(T2_LD); // description = 2
  }
  w.string(d.name);
  w.byte(T1_LD); // name = 1
}

function writeTemporality(w: ReverseWriter, temporality: number): void {
  const t = protoTemporality(temporality);
  if (t !== 0) {
    w.byte(t);
    w.byte(T2_VARINT); // aggregation_temporality = 2
  }
}

function writeNumberPoints(w: ReverseWriter, points: readonly DataPoint<number>[], isInt: boolean): void {
  for (let i = points.length - 1; i >= 0; i--) {
    const point = points[i];
    writeNumberPoint(w, point.attributes, point.value, point.exemplars, point.startTime, point.endTime, isInt);
  }
}

/** writeNumberColumns writes the points of a columnar snapshot (see @yardstick/core point-columns). */
function writeNumberColumns(w: ReverseWriter, columns: PointColumns, isInt: boolean): void {
  const { attributes, slots, startMs, endTime, values } = columns;
  const cache = slotCache(columns.owner, 7, columns.slotLimit); // NumberDataPoint.attributes = 7
  const startTime = startTimeCache();
  for (let i = columns.length - 1; i >= 0; i--) {
    const p = w.len();
    writeSlotAttributes(w, attributes[i] as Attributes, 7, cache, slots[i] as number);
    writeNumberFields(w, values[i] as number, undefined, startTime(startMs[i] as number), endTime, isInt);
    w.field(p, T1_LD); // data_points = 1
  }
}

function writeNumberPoint(
  w: ReverseWriter,
  attributes: Attributes,
  value: number,
  exemplars: readonly Exemplar[] | undefined,
  startTime: HrTime,
  endTime: HrTime,
  isInt: boolean,
): void {
  const p = w.len();
  writeAttributes(w, attributes, 7); // NumberDataPoint.attributes = 7
  writeNumberFields(w, value, exemplars, startTime, endTime, isInt);
  w.field(p, T1_LD); // data_points = 1
}

/** writeNumberFields prepends a NumberDataPoint's fields below its attributes (field 7). */
function writeNumberFields(
  w: ReverseWriter,
  value: number,
  exemplars: readonly Exemplar[] | undefined,
  startTime: HrTime,
  endTime: HrTime,
  isInt: boolean,
): void {
  if (isInt) {
    w.sfixed64(value);
    w.byte(T6_FIXED); // as_int = 6
  }
  if (exemplars !== undefined) writeExemplars(w, exemplars, isInt, T5_LD); // exemplars = 5
  if (!isInt) {
    w.double(value);
    w.byte(T4_FIXED); // as_double = 4
  }
  w.hrTime(endTime);
  w.byte(T3_FIXED); // time_unix_nano = 3
  w.hrTime(startTime);
  w.byte(T2_FIXED); // start_time_unix_nano = 2
}

/**
 * A histogram point as the writer reads it, filled from a DataPoint or from snapshot columns and
 * reused for every point (no object per series).
 */
interface HistogramView {
  attributes: Attributes;
  exemplars: readonly Exemplar[] | undefined;
  startTime: HrTime;
  endTime: HrTime;
  boundaries: readonly number[];
  /** Bucket i's count is counts[countsOffset + i]; there are boundaries.length + 1 buckets. */
  counts: ArrayLike<number>;
  countsOffset: number;
  bucketCount: number;
  count: number;
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  /** Columnar points: the stream's attribute cache and the series' slot (else undefined, -1). */
  cache: SlotCache | undefined;
  slot: number;
}

function emptyView(): HistogramView {
  return {
    cache: undefined,
    slot: -1,
    attributes: {},
    exemplars: undefined,
    startTime: [0, 0],
    endTime: [0, 0],
    boundaries: [],
    counts: [],
    countsOffset: 0,
    bucketCount: 0,
    count: 0,
    sum: undefined,
    min: undefined,
    max: undefined,
  };
}

function writeHistogramPoints(w: ReverseWriter, points: readonly DataPoint<Histogram>[], isInt: boolean): void {
  const view = emptyView();
  for (let i = points.length - 1; i >= 0; i--) {
    const point = points[i];
    const h = point.value;
    view.attributes = point.attributes;
    view.exemplars = point.exemplars;
    view.startTime = point.startTime;
    view.endTime = point.endTime;
    view.boundaries = h.buckets.boundaries;
    view.counts = h.buckets.counts;
    view.bucketCount = h.buckets.counts.length;
    view.count = h.count;
    view.sum = h.sum;
    view.min = h.min;
    view.max = h.max;
    writeHistogramPoint(w, view, isInt);
  }
}

function writeHistogramColumns(w: ReverseWriter, columns: PointColumns, isInt: boolean): void {
  const layout = columns.histogram;
  if (layout === undefined) return;
  const { attributes, startMs, values } = columns;
  const startTime = startTimeCache();
  const view = emptyView();
  view.cache = slotCache(columns.owner, 9, columns.slotLimit); // HistogramDataPoint.attributes = 9
  view.endTime = columns.endTime;
  view.boundaries = layout.boundaries;
  view.counts = values;
  view.bucketCount = layout.boundaries.length + 1;
  for (let i = columns.length - 1; i >= 0; i--) {
    const offset = i * layout.stride;
    const count = values[offset + HISTOGRAM_COUNT] as number;
    const hasMinMax = layout.hasMinMax && count > 0;
    view.attributes = attributes[i] as Attributes;
    view.slot = columns.slots[i] as number;
    view.startTime = startTime(startMs[i] as number);
    view.countsOffset = offset + HISTOGRAM_FIRST_BUCKET;
    view.count = count;
    view.sum = layout.hasSum ? values[offset + HISTOGRAM_SUM] : undefined;
    view.min = hasMinMax ? values[offset + HISTOGRAM_MIN] : undefined;
    view.max = hasMinMax ? values[offset + HISTOGRAM_MAX] : undefined;
    writeHistogramPoint(w, view, isInt);
  }
}

function writeHistogramPoint(w: ReverseWriter, h: HistogramView, isInt: boolean): void {
  const p = w.len();
  if (h.max !== undefined) {
    w.double(h.max);
    w.byte(T12_FIXED); // max = 12
  }
  if (h.min !== undefined) {
    w.double(h.min);
    w.byte(T11_FIXED); // min = 11
  }
  if (h.cache !== undefined) writeSlotAttributes(w, h.attributes, 9, h.cache, h.slot);
  else writeAttributes(w, h.attributes, 9); // attributes = 9
  if (h.exemplars !== undefined) writeExemplars(w, h.exemplars, isInt, T8_LD); // exemplars = 8
  const bounds = h.boundaries;
  if (bounds.length > 0) {
    if (!sameBounds(bounds)) rememberBounds(bounds);
    w.bytes(lastBoundsBytes);
    w.byte(T7_LD); // explicit_bounds = 7 (packed double)
  }
  const n = h.bucketCount;
  if (n > 0) {
    w.fixedCounts(h.counts, h.countsOffset, n);
    w.varint32(n * 8);
    w.byte(0x32); // bucket_counts = 6 (packed fixed64)
  }
  if (h.sum !== undefined) {
    w.double(h.sum);
    w.byte(T5_FIXED); // sum = 5
  }
  w.uint64Fixed(h.count);
  w.byte(T4_FIXED); // count = 4
  w.hrTime(h.endTime);
  w.byte(T3_FIXED);
  w.hrTime(h.startTime);
  w.byte(T2_FIXED);
  w.field(p, T1_LD); // data_points = 1
}

function writeBuckets(w: ReverseWriter, offset: number, counts: readonly number[]): void {
  const m = w.len();
  if (counts.length > 0) {
    const c = w.len();
    for (let i = counts.length - 1; i >= 0; i--) w.int64Varint(counts[i]);
    w.field(c, T2_LD); // bucket_counts = 2 (packed uint64)
  }
  if (offset !== 0) {
    w.sint32(offset);
    w.byte(T1_VARINT); // offset = 1 (sint32)
  }
  w.varint32(w.len() - m);
}

function writeExponentialPoint(w: ReverseWriter, point: DataPoint<ExponentialHistogram>, isInt: boolean): void {
  const h = point.value;
  if (h.zeroThreshold) {
    w.double(h.zeroThreshold);
    w.byte(T14_FIXED); // zero_threshold = 14
  }
  if (h.max !== undefined) {
    w.double(h.max);
    w.byte(T13_FIXED); // max = 13
  }
  if (h.min !== undefined) {
    w.double(h.min);
    w.byte(T12_FIXED); // min = 12
  }
  if (point.exemplars !== undefined) writeExemplars(w, point.exemplars, isInt, T11_LD); // exemplars = 11
  writeBuckets(w, h.negative.offset, h.negative.bucketCounts);
  w.byte(T9_LD); // negative = 9
  writeBuckets(w, h.positive.offset, h.positive.bucketCounts);
  w.byte(0x42); // positive = 8
  w.uint64Fixed(h.zeroCount);
  w.byte(T7_FIXED); // zero_count = 7
  if (h.scale !== 0) {
    w.sint32(h.scale);
    w.byte(T6_VARINT); // scale = 6 (sint32)
  }
  if (h.sum !== undefined) {
    w.double(h.sum);
    w.byte(T5_FIXED);
  }
  w.uint64Fixed(h.count);
  w.byte(T4_FIXED);
  w.hrTime(point.endTime);
  w.byte(T3_FIXED);
  w.hrTime(point.startTime);
  w.byte(T2_FIXED);
  writeAttributes(w, point.attributes, 1); // attributes = 1
}
