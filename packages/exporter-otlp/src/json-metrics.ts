/**
 * Snapshot → OTLP/JSON `ExportMetricsServiceRequest`, built as one string straight from the
 * snapshot. Follows the OTLP JSON mapping: lowerCamelCase keys, int64/fixed64 as decimal
 * strings, enums as integers, trace/span ids as hex, NaN/±Infinity as strings. Attribute JSON
 * of a frozen (stable) attributes object is cached per object, like the protobuf bytes.
 */
import type {
  Attributes,
  DataPoint,
  Exemplar,
  ExponentialHistogram,
  Histogram,
  InstrumentationScope,
  MetricData,
  ResourceMetrics,
} from '@yardstick/core';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** int64 as a decimal string (exact beyond 2^53 too). */
function intString(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : BigInt(Math.trunc(v)).toString();
}

/** A double as JSON: a number, or the proto3 JSON strings for non-finite values. */
function doubleJson(v: number): string {
  if (Number.isFinite(v)) return String(v);
  if (Number.isNaN(v)) return '"NaN"';
  return v > 0 ? '"Infinity"' : '"-Infinity"';
}

/** HrTime as decimal nanoseconds (no float rounding: concatenate seconds and padded nanos). */
function hrTimeString(t: readonly number[]): string {
  const s = Math.trunc(t[0]);
  const n = String(Math.trunc(t[1]));
  if (s === 0) return n;
  return `${s}${'000000000'.slice(n.length)}${n}`;
}

function anyValueJson(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `{"stringValue":${JSON.stringify(v)}}`;
    case 'boolean':
      return v ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'number':
      if (Number.isInteger(v) && v >= MIN_INT64 && v < MAX_INT64) return `{"intValue":"${intString(v)}"}`;
      return `{"doubleValue":${doubleJson(v)}}`;
    case 'object': {
      if (v === null) return '{}';
      if (v instanceof Uint8Array) return `{"bytesValue":"${Buffer.from(v).toString('base64')}"}`;
      if (Array.isArray(v)) {
        let out = '{"arrayValue":{"values":[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + anyValueJson(v[i]);
        return `${out}]}}`;
      }
      return `{"kvlistValue":{"values":${keyValuesJson(v as Record<string, unknown>)}}}`;
    }
    default:
      return '{}';
  }
}

function keyValuesJson(attributes: Record<string, unknown>): string {
  let out = '[';
  let first = true;
  for (const key of Object.keys(attributes)) {
    out += `${first ? '' : ','}{"key":${JSON.stringify(key)},"value":${anyValueJson(attributes[key])}}`;
    first = false;
  }
  return `${out}]`;
}

const attributeCache = new WeakMap<Attributes, string>();

/** Attributes as a JSON array of KeyValue, cached when the object is frozen. */
function attributesJson(attributes: Attributes): string {
  if (!Object.isFrozen(attributes)) return keyValuesJson(attributes);
  let json = attributeCache.get(attributes);
  if (json === undefined) {
    json = keyValuesJson(attributes);
    attributeCache.set(attributes, json);
  }
  return json;
}

function temporalityJson(t: number): number {
  return t === 0 ? 1 : t === 1 ? 2 : 0;
}

/** encodeMetricsRequestJson returns the OTLP/JSON request for one ResourceMetrics as a string. */
export function encodeMetricsRequestJson(rm: ResourceMetrics): string {
  const resource = rm.resource;
  let out = `{"resourceMetrics":[{"resource":{"attributes":${keyValuesJson(resource.attributes ?? {})}`;
  const dropped = (resource as { droppedAttributesCount?: number }).droppedAttributesCount;
  out += `,"droppedAttributesCount":${dropped ?? 0}},"scopeMetrics":[`;
  for (let i = 0; i < rm.scopeMetrics.length; i++) {
    const sm = rm.scopeMetrics[i];
    out += `${i === 0 ? '' : ','}{"scope":${scopeJson(sm.scope)},"metrics":[`;
    for (let j = 0; j < sm.metrics.length; j++) out += (j === 0 ? '' : ',') + metricJson(sm.metrics[j]);
    out += ']';
    if (sm.scope.schemaUrl) out += `,"schemaUrl":${JSON.stringify(sm.scope.schemaUrl)}`;
    out += '}';
  }
  out += ']';
  if (resource.schemaUrl) out += `,"schemaUrl":${JSON.stringify(resource.schemaUrl)}`;
  return `${out}}]}`;
}

function scopeJson(scope: InstrumentationScope): string {
  let out = `{"name":${JSON.stringify(scope.name ?? '')}`;
  if (scope.version) out += `,"version":${JSON.stringify(scope.version)}`;
  if (scope.attributes && Object.keys(scope.attributes).length > 0) {
    out += `,"attributes":${keyValuesJson(scope.attributes)}`;
  }
  const dropped = (scope as { droppedAttributesCount?: number }).droppedAttributesCount;
  if (dropped) out += `,"droppedAttributesCount":${dropped}`;
  return `${out}}`;
}

function metricJson(metric: MetricData): string {
  const d = metric.descriptor;
  let out = `{"name":${JSON.stringify(d.name)},"description":${JSON.stringify(d.description ?? '')},"unit":${JSON.stringify(d.unit ?? '')}`;
  const isInt = d.valueType === 0;
  const temporality = temporalityJson(metric.aggregationTemporality);
  switch (metric.dataPointType) {
    case 3: // SUM
      out += `,"sum":{"dataPoints":${numberPointsJson(metric.dataPoints, isInt)},"aggregationTemporality":${temporality},"isMonotonic":${metric.isMonotonic ? 'true' : 'false'}}`;
      break;
    case 2: // GAUGE
      out += `,"gauge":{"dataPoints":${numberPointsJson(metric.dataPoints, isInt)}}`;
      break;
    case 0: {
      // HISTOGRAM
      let points = '[';
      for (let i = 0; i < metric.dataPoints.length; i++) {
        points += (i === 0 ? '' : ',') + histogramPointJson(metric.dataPoints[i], isInt);
      }
      out += `,"histogram":{"dataPoints":${points}],"aggregationTemporality":${temporality}}`;
      break;
    }
    case 1: {
      // EXPONENTIAL_HISTOGRAM
      let points = '[';
      for (let i = 0; i < metric.dataPoints.length; i++) {
        points += (i === 0 ? '' : ',') + exponentialPointJson(metric.dataPoints[i], isInt);
      }
      out += `,"exponentialHistogram":{"dataPoints":${points}],"aggregationTemporality":${temporality}}`;
      break;
    }
    default:
      break;
  }
  return `${out}}`;
}

function pointHead(p: DataPoint<unknown>): string {
  return `{"attributes":${attributesJson(p.attributes)},"startTimeUnixNano":"${hrTimeString(p.startTime)}","timeUnixNano":"${hrTimeString(p.endTime)}"`;
}

function numberPointsJson(points: readonly DataPoint<number>[], isInt: boolean): string {
  let out = '[';
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out += `${i === 0 ? '' : ','}${pointHead(p)}${isInt ? `,"asInt":"${intString(p.value)}"` : `,"asDouble":${doubleJson(p.value)}`}`;
    if (p.exemplars !== undefined && p.exemplars.length > 0) out += `,"exemplars":${exemplarsJson(p.exemplars, isInt)}`;
    out += '}';
  }
  return `${out}]`;
}

function countsJson(counts: readonly number[]): string {
  let out = '[';
  for (let i = 0; i < counts.length; i++) out += `${i === 0 ? '' : ','}"${intString(counts[i])}"`;
  return `${out}]`;
}

function histogramPointJson(p: DataPoint<Histogram>, isInt: boolean): string {
  const h = p.value;
  let out = `${pointHead(p)},"count":"${intString(h.count)}"`;
  if (h.sum !== undefined) out += `,"sum":${doubleJson(h.sum)}`;
  out += `,"bucketCounts":${countsJson(h.buckets.counts)},"explicitBounds":[`;
  const bounds = h.buckets.boundaries;
  for (let i = 0; i < bounds.length; i++) out += (i === 0 ? '' : ',') + doubleJson(bounds[i]);
  out += ']';
  if (p.exemplars !== undefined && p.exemplars.length > 0) out += `,"exemplars":${exemplarsJson(p.exemplars, isInt)}`;
  if (h.min !== undefined) out += `,"min":${doubleJson(h.min)}`;
  if (h.max !== undefined) out += `,"max":${doubleJson(h.max)}`;
  return `${out}}`;
}

function exponentialPointJson(p: DataPoint<ExponentialHistogram>, isInt: boolean): string {
  const h = p.value;
  let out = `${pointHead(p)},"count":"${intString(h.count)}"`;
  if (h.sum !== undefined) out += `,"sum":${doubleJson(h.sum)}`;
  out += `,"scale":${h.scale},"zeroCount":"${intString(h.zeroCount)}"`;
  out += `,"positive":{"offset":${h.positive.offset},"bucketCounts":${countsJson(h.positive.bucketCounts)}}`;
  out += `,"negative":{"offset":${h.negative.offset},"bucketCounts":${countsJson(h.negative.bucketCounts)}}`;
  if (p.exemplars !== undefined && p.exemplars.length > 0) out += `,"exemplars":${exemplarsJson(p.exemplars, isInt)}`;
  if (h.min !== undefined) out += `,"min":${doubleJson(h.min)}`;
  if (h.max !== undefined) out += `,"max":${doubleJson(h.max)}`;
  if (h.zeroThreshold) out += `,"zeroThreshold":${doubleJson(h.zeroThreshold)}`;
  return `${out}}`;
}

const HEX_ID = /^[0-9a-fA-F]+$/;

function exemplarsJson(exemplars: readonly Exemplar[], isInt: boolean): string {
  let out = '[';
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i];
    out += `${i === 0 ? '' : ','}{"filteredAttributes":${keyValuesJson(e.filteredAttributes ?? {})},"timeUnixNano":"${hrTimeString(e.timestamp)}"`;
    out +=
      isInt && Number.isInteger(e.value) ? `,"asInt":"${intString(e.value)}"` : `,"asDouble":${doubleJson(e.value)}`;
    if (e.spanId !== undefined && e.spanId.length === 16 && HEX_ID.test(e.spanId)) {
      out += `,"spanId":"${e.spanId.toLowerCase()}"`;
    }
    if (e.traceId !== undefined && e.traceId.length === 32 && HEX_ID.test(e.traceId)) {
      out += `,"traceId":"${e.traceId.toLowerCase()}"`;
    }
    out += '}';
  }
  return `${out}]`;
}
