/**
 * Label rendering. A series' attributes become `a="1",b="2"` once and are cached in a WeakMap keyed by
 * the attributes object, which core keeps identical (and frozen) across collections of the series;
 * every later scrape reuses the string. Keys that sanitize to the same label name are merged: their
 * values are joined with `;` in the lexicographic order of the original keys.
 */
import type { AttributeValue, Attributes } from '@yardstick/core';
import { escapeLabelValue } from './escape.js';
import { sanitizeLabelName } from './names.js';

/** Flag: the set has a label named `le` (reserved on histograms). */
export const HAS_LE = 1;
/** Flag: the set has a label starting with `otel_scope_` (reserved for scope labels). */
export const HAS_SCOPE_LABEL = 2;

/** RenderedLabels is one attribute set, rendered. */
export interface RenderedLabels {
  /** `a="1",b="2"` without braces; `''` for no labels. */
  readonly text: string;
  /** HAS_LE | HAS_SCOPE_LABEL bits, so writers can spot reserved names without rescanning. */
  readonly reserved: number;
  /** True when `text` is 7-bit ASCII (one byte per character in UTF-8). */
  readonly ascii: boolean;
}

/** LabelPairs is a label set as sanitized names and unescaped values (what protobuf carries). */
export interface LabelPairs {
  readonly text: string;
  readonly names: readonly string[];
  readonly values: readonly string[];
}

const EMPTY: LabelPairs & RenderedLabels = { text: '', names: [], values: [], reserved: 0, ascii: true };
// Text entries hold one string and a number per series; the pairs (two arrays) are cached
// separately and only when the protobuf format asks, to keep the long-lived heap small.
const cache = new WeakMap<Attributes, RenderedLabels>();
const pairsCache = new WeakMap<Attributes, LabelPairs>();

/** renderLabels returns the cached rendering of `attributes`, building it on first sight. */
export function renderLabels(attributes: Attributes): RenderedLabels {
  let rendered = cache.get(attributes);
  if (rendered === undefined) {
    const built = buildLabels(attributes, 0);
    rendered = built === EMPTY ? EMPTY : { text: built.text, reserved: built.reserved, ascii: built.ascii };
    cache.set(attributes, rendered);
  }
  return rendered;
}

/** renderLabelPairs returns the cached name/value pairs of `attributes` (protobuf exposition). */
export function renderLabelPairs(attributes: Attributes): LabelPairs & RenderedLabels {
  let pairs = pairsCache.get(attributes) as (LabelPairs & RenderedLabels) | undefined;
  if (pairs === undefined) {
    pairs = buildLabels(attributes, 0);
    pairsCache.set(attributes, pairs);
  }
  return pairs;
}

/**
 * renderLabelsWithout renders `attributes` leaving out labels whose reserved bit is in `drop`.
 * Only reached for the rare attribute set that uses a reserved name, so it is not cached.
 */
export function renderLabelsWithout(attributes: Attributes, drop: number): LabelPairs & RenderedLabels {
  return buildLabels(attributes, drop);
}

function buildLabels(attributes: Attributes, drop: number): LabelPairs & RenderedLabels {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return EMPTY;
  keys.sort();
  const names: string[] = [];
  const values: string[] = [];
  let reserved = 0;
  for (const key of keys) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    const name = sanitizeLabelName(key);
    if (name === '') continue;
    const bit = reservedBit(name);
    if ((bit & drop) !== 0) continue;
    reserved |= bit;
    const text = attributeValueToString(value);
    const at = names.indexOf(name);
    if (at === -1) {
      names.push(name);
      values.push(text);
    } else {
      values[at] = `${values[at]};${text}`;
    }
  }
  if (names.length === 0) return EMPTY;
  let text = '';
  for (let i = 0; i < names.length; i++) {
    text += `${i === 0 ? '' : ','}${names[i]}="${escapeLabelValue(values[i])}"`;
  }
  return { text, names, values, reserved, ascii: isAscii(text) };
}

/** isAscii reports whether `s` has only 7-bit characters (then one byte each in UTF-8). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function reservedBit(name: string): number {
  if (name === 'le') return HAS_LE;
  if (name.startsWith('otel_scope_')) return HAS_SCOPE_LABEL;
  return 0;
}

/** attributeValueToString follows the spec's non-OTLP AnyValue rules: strings as is, the rest as JSON. */
export function attributeValueToString(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value);
}

/** labelPairs renders an already-sanitized list of name/value pairs (empty values are left out). */
export function labelPairs(names: readonly string[], values: readonly string[]): LabelPairs {
  const keptNames: string[] = [];
  const keptValues: string[] = [];
  let text = '';
  for (let i = 0; i < names.length; i++) {
    if (values[i] === '') continue;
    keptNames.push(names[i]);
    keptValues.push(values[i]);
    text += `${text === '' ? '' : ','}${names[i]}="${escapeLabelValue(values[i])}"`;
  }
  return { text, names: keptNames, values: keptValues };
}
