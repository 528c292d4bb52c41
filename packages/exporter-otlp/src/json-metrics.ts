/**
 * Snapshot → OTLP/JSON `ExportMetricsServiceRequest` bytes, written straight from the snapshot.
 * Follows the OTLP JSON mapping: lowerCamelCase keys, int64/fixed64 as decimal strings, enums as
 * integers, trace/span ids as hex, NaN/±Infinity as strings. The JSON of a frozen (stable)
 * attributes object is cached per object, like the protobuf bytes.
 */
import type {
  DataPoint,
  Exemplar,
  ExponentialHistogram,
  Histogram,
  InstrumentationScope,
  MetricData,
  ResourceMetrics,
} from '@yardstick/core';
import { writeAttributes, writeKeyValues } from './json-attributes.js';
import { JsonWriter } from './json-writer.js';

function temporality(t: number): string {
  return t === 0 ? '1' : t === 1 ? '2' : '0';
}

let sizeHint = 64 * 1024;

/** encodeMetricsRequestJson returns the OTLP/JSON request for one ResourceMetrics as UTF-8 bytes. */
export function encodeMetricsRequestJson(rm: ResourceMetrics): Uint8Array {
  const w = new JsonWriter(sizeHint);
  writeRequest(w, rm);
  const out = w.finish();
  sizeHint = Math.max(4096, Math.min(out.length + (out.length >>> 3), 64 * 1024 * 1024));
  return out;
}

function writeRequest(w: JsonWriter, rm: ResourceMetrics): void {
  const resource = rm.resource;
  w.ascii('{"resourceMetrics":[{"resource":{"attributes":');
  writeKeyValues(w, resource.attributes ?? {});
  const dropped = (resource as { droppedAttributesCount?: number }).droppedAttributesCount;
  w.ascii(`,"droppedAttributesCount":${dropped ?? 0}},"scopeMetrics":[`);
  for (let i = 0; i < rm.scopeMetrics.length; i++) {
    const sm = rm.scopeMetrics[i];
    w.ascii(i === 0 ? '{"scope":' : ',{"scope":');
    writeScope(w, sm.scope);
    w.ascii(',"metrics":[');
    for (let j = 0; j < sm.metrics.length; j++) {
      if (j > 0) w.ascii(',');
      writeMetric(w, sm.metrics[j]);
    }
    w.ascii(']');
    if (sm.scope.schemaUrl) {
      w.ascii(',"schemaUrl":');
      w.string(sm.scope.schemaUrl);
    }
    w.ascii('}');
  }
  w.ascii(']');
  if (resource.schemaUrl) {
    w.ascii(',"schemaUrl":');
    w.string(resource.schemaUrl);
  }
  w.ascii('}]}');
}

function writeScope(w: JsonWriter, scope: InstrumentationScope): void {
  w.ascii('{"name":');
  w.string(scope.name ?? '');
  if (scope.version) {
    w.ascii(',"version":');
    w.string(scope.version);
  }
  if (scope.attributes && Object.keys(scope.attributes).length > 0) {
    w.ascii(',"attributes":');
    writeKeyValues(w, scope.attributes);
  }
  const dropped = (scope as { droppedAttributesCount?: number }).droppedAttributesCount;
  if (dropped) w.ascii(`,"droppedAttributesCount":${dropped}`);
  w.ascii('}');
}

function writeMetric(w: JsonWriter, metric: MetricData): void {
  const d = metric.descriptor;
  w.ascii('{"name":');
  w.string(d.name);
  w.ascii(',"description":');
  w.string(d.description ?? '');
  w.ascii(',"unit":');
  w.string(d.unit ?? '');
  const isInt = d.valueType === 0;
  const t = temporality(metric.aggregationTemporality);
  switch (metric.dataPointType) {
    case 3: // SUM
      w.ascii(',"sum":{"dataPoints":[');
      writeNumberPoints(w, metric.dataPoints, isInt);
      w.ascii(`],"aggregationTemporality":${t},"isMonotonic":${metric.isMonotonic ? 'true' : 'false'}}`);
      break;
    case 2: // GAUGE
      w.ascii(',"gauge":{"dataPoints":[');
      writeNumberPoints(w, metric.dataPoints, isInt);
      w.ascii(']}');
      break;
    case 0: // HISTOGRAM
      w.ascii(',"histogram":{"dataPoints":[');
      for (let i = 0; i < metric.dataPoints.length; i++) {
        if (i > 0) w.ascii(',');
        writeHistogramPoint(w, metric.dataPoints[i], isInt);
      }
      w.ascii(`],"aggregationTemporality":${t}}`);
      break;
    case 1: // EXPONENTIAL_HISTOGRAM
      w.ascii(',"exponentialHistogram":{"dataPoints":[');
      for (let i = 0; i < metric.dataPoints.length; i++) {
        if (i > 0) w.ascii(',');
        writeExponentialPoint(w, metric.dataPoints[i], isInt);
      }
      w.ascii(`],"aggregationTemporality":${t}}`);
      break;
    default:
      break;
  }
  w.ascii('}');
}

function writePointHead(w: JsonWriter, p: DataPoint<unknown>): void {
  w.ascii('{"attributes":');
  writeAttributes(w, p.attributes);
  w.ascii(',"startTimeUnixNano":');
  w.hrTime(p.startTime);
  w.ascii(',"timeUnixNano":');
  w.hrTime(p.endTime);
}

function writeNumberPoints(w: JsonWriter, points: readonly DataPoint<number>[], isInt: boolean): void {
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (i > 0) w.ascii(',');
    writePointHead(w, p);
    if (isInt) {
      w.ascii(',"asInt":');
      w.int64(Math.trunc(p.value));
    } else {
      w.ascii(',"asDouble":');
      w.double(p.value);
    }
    if (p.exemplars !== undefined && p.exemplars.length > 0) writeExemplars(w, p.exemplars, isInt);
    w.ascii('}');
  }
}

function writeCounts(w: JsonWriter, counts: readonly number[]): void {
  w.ascii('[');
  for (let i = 0; i < counts.length; i++) {
    if (i > 0) w.ascii(',');
    w.int64(counts[i]);
  }
  w.ascii(']');
}

/** The JSON of the previous histogram's bounds: points of one metric have the same boundaries. */
let lastBounds: number[] = [];
let lastBoundsJson = ',"explicitBounds":[]';

function sameBounds(bounds: readonly number[]): boolean {
  if (bounds.length !== lastBounds.length) return false;
  for (let i = 0; i < bounds.length; i++) if (!Object.is(bounds[i], lastBounds[i])) return false;
  return true;
}

function writeHistogramPoint(w: JsonWriter, p: DataPoint<Histogram>, isInt: boolean): void {
  const h = p.value;
  writePointHead(w, p);
  w.ascii(',"count":');
  w.int64(h.count);
  if (h.sum !== undefined) {
    w.ascii(',"sum":');
    w.double(h.sum);
  }
  w.ascii(',"bucketCounts":');
  writeCounts(w, h.buckets.counts);
  const bounds = h.buckets.boundaries;
  if (!sameBounds(bounds)) {
    const scratchBounds = new JsonWriter(256);
    for (let i = 0; i < bounds.length; i++) {
      if (i > 0) scratchBounds.ascii(',');
      scratchBounds.double(bounds[i]);
    }
    const out = scratchBounds.finish();
    lastBoundsJson = `,"explicitBounds":[${Buffer.from(out.buffer, out.byteOffset, out.length).toString('latin1')}]`;
    lastBounds = bounds.slice();
  }
  w.ascii(lastBoundsJson);
  if (p.exemplars !== undefined && p.exemplars.length > 0) writeExemplars(w, p.exemplars, isInt);
  if (h.min !== undefined) {
    w.ascii(',"min":');
    w.double(h.min);
  }
  if (h.max !== undefined) {
    w.ascii(',"max":');
    w.double(h.max);
  }
  w.ascii('}');
}

function writeExponentialPoint(w: JsonWriter, p: DataPoint<ExponentialHistogram>, isInt: boolean): void {
  const h = p.value;
  writePointHead(w, p);
  w.ascii(',"count":');
  w.int64(h.count);
  if (h.sum !== undefined) {
    w.ascii(',"sum":');
    w.double(h.sum);
  }
  w.ascii(`,"scale":${h.scale},"zeroCount":`);
  w.int64(h.zeroCount);
  w.ascii(`,"positive":{"offset":${h.positive.offset},"bucketCounts":`);
  writeCounts(w, h.positive.bucketCounts);
  w.ascii(`},"negative":{"offset":${h.negative.offset},"bucketCounts":`);
  writeCounts(w, h.negative.bucketCounts);
  w.ascii('}');
  if (p.exemplars !== undefined && p.exemplars.length > 0) writeExemplars(w, p.exemplars, isInt);
  if (h.min !== undefined) {
    w.ascii(',"min":');
    w.double(h.min);
  }
  if (h.max !== undefined) {
    w.ascii(',"max":');
    w.double(h.max);
  }
  if (h.zeroThreshold) {
    w.ascii(',"zeroThreshold":');
    w.double(h.zeroThreshold);
  }
  w.ascii('}');
}

const HEX_ID = /^[0-9a-fA-F]+$/;

function writeExemplars(w: JsonWriter, exemplars: readonly Exemplar[], isInt: boolean): void {
  w.ascii(',"exemplars":[');
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i];
    w.ascii(i === 0 ? '{"filteredAttributes":' : ',{"filteredAttributes":');
    writeKeyValues(w, e.filteredAttributes ?? {});
    w.ascii(',"timeUnixNano":');
    w.hrTime(e.timestamp);
    if (isInt && Number.isInteger(e.value)) {
      w.ascii(',"asInt":');
      w.int64(e.value);
    } else {
      w.ascii(',"asDouble":');
      w.double(e.value);
    }
    if (e.spanId !== undefined && e.spanId.length === 16 && HEX_ID.test(e.spanId)) {
      w.ascii(`,"spanId":"${e.spanId.toLowerCase()}"`);
    }
    if (e.traceId !== undefined && e.traceId.length === 32 && HEX_ID.test(e.traceId)) {
      w.ascii(`,"traceId":"${e.traceId.toLowerCase()}"`);
    }
    w.ascii('}');
  }
  w.ascii(']');
}
