/**
 * Exemplars for OpenMetrics: at most one per counter sample and per histogram bucket (the latest),
 * with `trace_id` / `span_id` labels first and filtered attributes while the label set stays within
 * OpenMetrics' 128 code points.
 */
import { type Exemplar, explicitBucketIndex } from '@yardstick/core';
import { escapeLabelValue } from './escape.js';
import { attributeValueToString } from './labels.js';
import { sanitizeLabelName } from './names.js';
import { formatValue, hrTimeToSeconds } from './numbers.js';

const MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;

function isLater(a: Exemplar, b: Exemplar): boolean {
  return a.timestamp[0] > b.timestamp[0] || (a.timestamp[0] === b.timestamp[0] && a.timestamp[1] > b.timestamp[1]);
}

/** latestExemplar picks the most recent exemplar. */
export function latestExemplar(exemplars: readonly Exemplar[]): Exemplar | undefined {
  let best: Exemplar | undefined;
  for (const e of exemplars) if (best === undefined || isLater(e, best)) best = e;
  return best;
}

/** bucketExemplars assigns each exemplar to the bucket its value falls in (index `bounds.length` is +Inf). */
export function bucketExemplars(exemplars: readonly Exemplar[], bounds: readonly number[]): (Exemplar | undefined)[] {
  const out: (Exemplar | undefined)[] = new Array(bounds.length + 1);
  // The aggregator's own rule, on the array type it is tuned for (a plain array there would make
  // the recording hot path polymorphic).
  const sorted = Float64Array.from(bounds);
  for (const e of exemplars) {
    const i = explicitBucketIndex(sorted, e.value);
    const current = out[i];
    if (current === undefined || isLater(e, current)) out[i] = e;
  }
  return out;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** exemplarLabels returns the exemplar's label names and values within the size limit. */
export function exemplarLabels(e: Exemplar): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  let budget = MAX_EXEMPLAR_LABEL_CODE_POINTS;
  if (e.traceId) {
    names.push('trace_id');
    values.push(e.traceId);
    budget -= 8 + codePoints(e.traceId);
  }
  if (e.spanId) {
    names.push('span_id');
    values.push(e.spanId);
    budget -= 7 + codePoints(e.spanId);
  }
  for (const key of Object.keys(e.filteredAttributes).sort()) {
    const raw = e.filteredAttributes[key];
    if (raw === undefined || raw === null) continue;
    const name = sanitizeLabelName(key);
    // Trace ids win over a filtered attribute of the same name.
    if (name === '' || names.includes(name)) continue;
    const value = attributeValueToString(raw);
    const cost = codePoints(name) + codePoints(value);
    if (cost > budget) continue;
    budget -= cost;
    names.push(name);
    values.push(value);
  }
  return { names, values };
}

/** renderExemplar writes ` # {labels} value timestamp` for an OpenMetrics sample line. */
export function renderExemplar(e: Exemplar): string {
  const { names, values } = exemplarLabels(e);
  let labels = '';
  for (let i = 0; i < names.length; i++) labels += `${i === 0 ? '' : ','}${names[i]}="${escapeLabelValue(values[i])}"`;
  return ` # {${labels}} ${formatValue(e.value)} ${hrTimeToSeconds(e.timestamp)}`;
}
