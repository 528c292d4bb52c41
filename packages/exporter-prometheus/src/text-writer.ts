/**
 * One writer for both text expositions, switched by a format flag: Prometheus text 0.0.4 and
 * OpenMetrics 1.0 differ only in metadata lines, HELP escaping, `le` rendering, `_created`,
 * exemplars, timestamp units and the `# EOF` terminator.
 *
 * The writer is a generator that yields every few hundred samples, so a caller can stop between
 * slices and let the event loop run (see serialize-chunks.ts); a synchronous caller just drains it.
 * Per series it only concatenates cached label strings with the numbers, which are the output.
 */
import type { TextSink } from './text-sink.js';
import type { Attributes, DataPoint, Exemplar, HistogramMetricData, HrTime, MetricData } from '@yardstick/core';
import {
  DataPointType,
  HISTOGRAM_COUNT,
  HISTOGRAM_FIRST_BUCKET,
  HISTOGRAM_SUM,
  pointColumns,
  startTimeCache,
} from '@yardstick/core';
import { warnOnce } from './diag.js';
import { escapeHelp } from './escape.js';
import { bucketExemplars, latestExemplar, renderExemplar } from './exemplars.js';
import { exponentialToExplicit } from './exponential-buckets.js';
import { HAS_LE, type RenderedLabels, isAscii, renderLabels, renderLabelsWithout } from './labels.js';
import { formatCanonical, formatValue, hrTimeToMillis, hrTimeToSeconds } from './numbers.js';
import type { Family, Plan } from './plan.js';

/** Where the writer appends text; the driver takes `text` between slices. */

/** Samples (lines) written between two yields. */
const SLICE_LINES = 256;

/** Rendered `le` values per boundaries array; histograms of one stream share the array. */
const leCacheText = new WeakMap<readonly number[], string[]>();
const leCacheOpenMetrics = new WeakMap<readonly number[], string[]>();

/**
 * A histogram point as the writer reads it: filled from a DataPoint or from snapshot columns,
 * and reused for every point (no object per series).
 */
interface HistogramView {
  attributes: Attributes;
  startTime: HrTime;
  endTime: HrTime;
  exemplars: readonly Exemplar[] | undefined;
  /** Bucket i's (non-cumulative) count is counts[countsOffset + i]. */
  counts: ArrayLike<number>;
  countsOffset: number;
  count: number;
  sum: number | undefined;
}

interface WriteState {
  readonly om: boolean;
  readonly appendTimestamp: boolean;
  readonly reservedMask: number;
  readonly sink: TextSink;
  /** Whether the current member's extra (scope/constant) labels are ASCII. */
  extraAscii: boolean;
}

/**
 * writeText writes `plan` as text 0.0.4 (`openMetrics` false) or OpenMetrics 1.0, yielding between
 * slices of about a thousand lines.
 */
export function* writeText(
  plan: Plan,
  openMetrics: boolean,
  appendTimestamp: boolean,
  sink: TextSink,
): Generator<void, void, void> {
  const state: WriteState = {
    om: openMetrics,
    appendTimestamp,
    reservedMask: plan.reservedMask,
    sink,
    extraAscii: true,
  };
  if (plan.target !== undefined) {
    sink.write(
      openMetrics
        ? '# TYPE target info\n# HELP target Target metadata\n'
        : '# HELP target_info Target metadata\n# TYPE target_info gauge\n',
    );
    // With timestamps on, target_info carries the collection time so every sample has one.
    const ts =
      appendTimestamp && plan.collectedAt !== undefined ? timestampSuffix(plan.collectedAt.endTime, state) : '';
    sink.write(`target_info${plan.target.text === '' ? '' : `{${plan.target.text}}`} 1${ts}\n`);
  }
  let lines = 0;
  const view: HistogramView = {
    attributes: {},
    startTime: [0, 0],
    endTime: [0, 0],
    exemplars: undefined,
    counts: [],
    countsOffset: 0,
    count: 0,
    sum: undefined,
  };
  for (const family of plan.families) {
    writeMetadata(family, state);
    for (const member of family.members) {
      const metric: MetricData = member.metric;
      const extra = member.extra.text;
      state.extraAscii = isAscii(extra);
      const columns = pointColumns(metric);
      if (columns !== undefined) {
        // Yardstick's own snapshots: read the columns, build no point objects.
        const { attributes, startMs, endTime, values, histogram } = columns;
        const startTime = startTimeCache();
        const counter = family.type === 'counter';
        view.endTime = endTime;
        view.exemplars = undefined;
        view.counts = values;
        for (let i = 0; i < columns.length; i++) {
          const attrs = attributes[i] as Attributes;
          if (histogram !== undefined) {
            const offset = i * histogram.stride;
            view.attributes = attrs;
            view.startTime = startTime(startMs[i] as number);
            view.countsOffset = offset + HISTOGRAM_FIRST_BUCKET;
            view.count = values[offset + HISTOGRAM_COUNT] as number;
            view.sum = histogram.hasSum ? values[offset + HISTOGRAM_SUM] : undefined;
            lines += writeHistogram(family, view, histogram.boundaries, true, extra, state);
          } else if (counter) {
            lines += writeCounter(
              family,
              attrs,
              values[i] as number,
              startTime(startMs[i] as number),
              endTime,
              undefined,
              extra,
              state,
            );
          } else {
            lines += writeGauge(family, attrs, values[i] as number, endTime, extra, state);
          }
          if (lines >= SLICE_LINES) {
            lines = 0;
            yield;
          }
        }
      } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
        for (const point of (metric as HistogramMetricData).dataPoints) {
          const { boundaries, counts } = point.value.buckets;
          fillView(view, point, counts, point.value.count, point.value.sum);
          lines += writeHistogram(family, view, boundaries, true, extra, state);
          if (lines >= SLICE_LINES) {
            lines = 0;
            yield;
          }
        }
      } else if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
        for (const point of metric.dataPoints) {
          const { bounds, counts } = exponentialToExplicit(point.value);
          fillView(view, point, counts, point.value.count, point.value.sum);
          lines += writeHistogram(family, view, bounds, false, extra, state);
          if (lines >= SLICE_LINES) {
            lines = 0;
            yield;
          }
        }
      } else {
        const counter = family.type === 'counter';
        for (const point of metric.dataPoints) {
          lines += counter
            ? writeCounter(
                family,
                point.attributes,
                point.value,
                point.startTime,
                point.endTime,
                point.exemplars,
                extra,
                state,
              )
            : writeGauge(family, point.attributes, point.value, point.endTime, extra, state);
          if (lines >= SLICE_LINES) {
            lines = 0;
            yield;
          }
        }
      }
    }
  }
  if (openMetrics) sink.write('# EOF\n');
}

function writeMetadata(family: Family, state: WriteState): void {
  const { names, type, help } = family;
  if (state.om) {
    let meta = `# TYPE ${names.family} ${type}\n`;
    if (names.unit !== '') meta += `# UNIT ${names.family} ${names.unit}\n`;
    if (help !== '') meta += `# HELP ${names.family} ${escapeHelp(help, true)}\n`;
    state.sink.write(meta);
  } else {
    const name = type === 'histogram' ? names.family : names.sample;
    state.sink.write(`${help === '' ? '' : `# HELP ${name} ${escapeHelp(help, false)}\n`}# TYPE ${name} ${type}\n`);
  }
}

/** The series' own labels (its attributes), with any that clash with reserved labels dropped. */
function ownLabels(attributes: Attributes, mask: number): RenderedLabels {
  const rendered = renderLabels(attributes);
  const clash = rendered.reserved & mask;
  if (clash === 0) return rendered;
  warnOnce(
    `reserved:${clash}`,
    'Prometheus: attributes named `le` or `otel_scope_*` clash with reserved labels; dropped',
  );
  return renderLabelsWithout(attributes, clash);
}

/** Labels of one series inside the braces: its own attributes, then the scope/constant labels. */
function innerLabels(attributes: Attributes, extra: string, mask: number): string {
  return joinLabels(ownLabels(attributes, mask).text, extra);
}

function joinLabels(own: string, extra: string): string {
  if (own === '') return extra;
  return extra === '' ? own : `${own},${extra}`;
}

/**
 * writeBraces writes `{own,extra}` (or nothing when both are empty) as ASCII; the caller has
 * checked that both are ASCII and reserved the room.
 */
function writeBraces(sink: TextSink, own: string, extra: string): void {
  if (own === '' && extra === '') return;
  sink.writeAscii('{');
  sink.writeAscii(own);
  if (own !== '' && extra !== '') sink.writeAscii(',');
  sink.writeAscii(extra);
  sink.writeAscii('}');
}

/** writeNumber writes a sample value as ASCII (integers as digits, no string built). */
function writeNumber(sink: TextSink, value: number): void {
  if (Number.isSafeInteger(value) && value >= 0) sink.writeCount(value);
  else sink.writeAscii(formatValue(value));
}

/** writeSample writes `<base><suffix>{labels} <value>\n` as ASCII (room reserved by the caller). */
function writeSample(
  sink: TextSink,
  base: string,
  suffix: string,
  own: string,
  extra: string,
  value: number | string,
): void {
  sink.writeAscii(base);
  sink.writeAscii(suffix);
  writeBraces(sink, own, extra);
  sink.writeAscii(' ');
  if (typeof value === 'number') writeNumber(sink, value);
  else sink.writeAscii(value);
  sink.writeAscii('\n');
}

/** Room for a number (JavaScript's longest number form is 24 characters), a space and a newline. */
const NUMBER_ROOM = 32;

function timestampSuffix(endTime: HrTime, state: WriteState): string {
  if (!state.appendTimestamp) return '';
  return state.om ? ` ${hrTimeToSeconds(endTime)}` : ` ${hrTimeToMillis(endTime)}`;
}

function fillView(
  view: HistogramView,
  point: DataPoint<unknown>,
  counts: readonly number[],
  count: number,
  sum: number | undefined,
): void {
  view.attributes = point.attributes;
  view.startTime = point.startTime;
  view.endTime = point.endTime;
  view.exemplars = point.exemplars;
  view.counts = counts;
  view.countsOffset = 0;
  view.count = count;
  view.sum = sum;
}

function writeGauge(
  family: Family,
  attributes: Attributes,
  value: number,
  endTime: HrTime,
  extra: string,
  state: WriteState,
): number {
  if (writeSampleFast(family.names.sample, attributes, value, extra, state)) return 1;
  const inner = innerLabels(attributes, extra, state.reservedMask);
  state.sink.write(
    `${family.names.sample}${inner === '' ? '' : `{${inner}}`} ${formatValue(value)}${timestampSuffix(endTime, state)}\n`,
  );
  return 1;
}

/**
 * writeSampleFast writes `name{labels} value` as bytes when everything is ASCII and no timestamp
 * is asked for (the common case: no string built per series); false when it did not.
 */
function writeSampleFast(
  name: string,
  attributes: Attributes,
  value: number,
  extra: string,
  state: WriteState,
): boolean {
  if (state.appendTimestamp || !state.extraAscii) return false;
  const own = ownLabels(attributes, state.reservedMask);
  if (!own.ascii) return false;
  state.sink.reserve(name.length + own.text.length + extra.length + 3 + NUMBER_ROOM);
  writeSample(state.sink, name, '', own.text, extra, value);
  return true;
}

function writeCounter(
  family: Family,
  attributes: Attributes,
  value: number,
  startTime: HrTime,
  endTime: HrTime,
  exemplars: readonly Exemplar[] | undefined,
  extra: string,
  state: WriteState,
): number {
  if (!state.om && writeSampleFast(family.names.sample, attributes, value, extra, state)) return 1;
  const inner = innerLabels(attributes, extra, state.reservedMask);
  const braces = inner === '' ? '' : `{${inner}}`;
  if (!state.om) {
    state.sink.write(`${family.names.sample}${braces} ${formatValue(value)}${timestampSuffix(endTime, state)}\n`);
    return 1;
  }
  const exemplar = exemplars?.length ? renderExemplar(latestExemplar(exemplars) as Exemplar) : '';
  const base = family.names.family;
  const ts = timestampSuffix(endTime, state);
  state.sink.write(
    `${base}_total${braces} ${formatValue(value)}${ts}${exemplar}\n${base}_created${braces} ${hrTimeToSeconds(startTime)}${ts}\n`,
  );
  return 2;
}

function leStrings(bounds: readonly number[], om: boolean, cacheable: boolean): string[] {
  const cache = om ? leCacheOpenMetrics : leCacheText;
  let out = cacheable ? cache.get(bounds) : undefined;
  if (out === undefined) {
    out = bounds.map((b) => `le="${om ? formatCanonical(b) : formatValue(b)}"} `);
    if (cacheable) cache.set(bounds, out);
  }
  return out;
}

function writeHistogram(
  family: Family,
  point: HistogramView,
  bounds: readonly number[],
  cacheLe: boolean,
  extra: string,
  state: WriteState,
): number {
  const { om } = state;
  const { counts, countsOffset } = point;
  const own = ownLabels(point.attributes, state.reservedMask | HAS_LE);
  const exemplars = om && point.exemplars?.length ? bucketExemplars(point.exemplars, bounds) : undefined;
  // Exponential bounds are rebuilt per point, so only explicit boundaries are worth caching.
  const les = leStrings(bounds, om, cacheLe);
  const base = family.names.family;
  // OpenMetrics forbids _sum on histograms with negative buckets.
  const writeSum = point.sum !== undefined && !(om && bounds.length > 0 && bounds[0] < 0);
  if (exemplars === undefined && !state.appendTimestamp && own.ascii && state.extraAscii) {
    // The common case, written as bytes: the series prefix is written once and copied for every
    // bucket, counts are written as digits; no string is built per series.
    const sink = state.sink;
    const labelsLength = own.text.length + extra.length + 3;
    // Per bucket line at most: the prefix, an `le` piece (≤ 34 chars), a count, a newline; then
    // _sum, _count and _created lines.
    sink.reserve(
      (base.length + 8 + labelsLength + 64) * (bounds.length + 1) + 3 * (base.length + 9 + labelsLength + NUMBER_ROOM),
    );
    const openStart = sink.offset;
    sink.writeAscii(base);
    sink.writeAscii('_bucket{');
    if (own.text !== '') {
      sink.writeAscii(own.text);
      sink.writeAscii(',');
    }
    if (extra !== '') {
      sink.writeAscii(extra);
      sink.writeAscii(',');
    }
    const openEnd = sink.offset;
    let first = true;
    let cumulative = 0;
    let lines = 3;
    for (let i = 0; i < bounds.length; i++) {
      cumulative += counts[countsOffset + i] as number;
      // OpenTelemetry JS may list +Inf as a boundary; the +Inf bucket is written below.
      if (bounds[i] === Number.POSITIVE_INFINITY) continue;
      if (!first) sink.repeat(openStart, openEnd);
      first = false;
      sink.writeAscii(les[i] as string);
      sink.writeCount(cumulative);
      sink.writeAscii('\n');
      lines++;
    }
    if (!first) sink.repeat(openStart, openEnd);
    sink.writeAscii('le="+Inf"} ');
    sink.writeCount(point.count);
    sink.writeAscii('\n');
    if (writeSum) writeSample(sink, base, '_sum', own.text, extra, point.sum as number);
    writeSample(sink, base, '_count', own.text, extra, point.count);
    if (om) {
      writeSample(sink, base, '_created', own.text, extra, hrTimeToSeconds(point.startTime));
      lines++;
    }
    return lines;
  }
  const inner = joinLabels(own.text, extra);
  const braces = inner === '' ? '' : `{${inner}}`;
  const open = `${base}_bucket{${inner === '' ? '' : `${inner},`}`;
  const ts = timestampSuffix(point.endTime, state);
  let out = '';
  let cumulative = 0;
  let lines = 3;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[countsOffset + i] as number;
    if (bounds[i] === Number.POSITIVE_INFINITY) continue;
    const ex = exemplars?.[i];
    out += `${open}${les[i]}${cumulative}${ts}${ex === undefined ? '' : renderExemplar(ex)}\n`;
    lines++;
  }
  const inf = exemplars?.[bounds.length];
  out += `${open}le="+Inf"} ${point.count}${ts}${inf === undefined ? '' : renderExemplar(inf)}\n`;
  if (writeSum) out += `${base}_sum${braces} ${formatValue(point.sum as number)}${ts}\n`;
  out += `${base}_count${braces} ${point.count}${ts}\n`;
  if (om) {
    out += `${base}_created${braces} ${hrTimeToSeconds(point.startTime)}${ts}\n`;
    lines++;
  }
  state.sink.write(out);
  return lines;
}
