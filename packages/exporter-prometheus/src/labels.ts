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
  /** Sanitized label names, in output order (the protobuf writer reads these). */
  readonly names: readonly string[];
  /** Unescaped label values, parallel to `names`. */
  readonly values: readonly string[];
  /** HAS_LE | HAS_SCOPE_LABEL bits, so writers can spot reserved names without rescanning. */
  readonly reserved: number;
}

const EMPTY: RenderedLabels = { text: '', names: [], values: [], reserved: 0 };
const cache = new WeakMap<Attributes, RenderedLabels>();

/** renderLabels returns the cached rendering of `attributes`, building it on first sight. */
export function renderLabels(attributes: Attributes): RenderedLabels {
  let rendered = cache.get(attributes);
  if (rendered === undefined) {
    rendered = buildLabels(attributes, 0);
    cache.set(attributes, rendered);
  }
  return rendered;
}

/**
 * renderLabelsWithout renders `attributes` leaving out labels whose reserved bit is in `drop`.
 * Only reached for the rare attribute set that uses a reserved name, so it is not cached.
 */
export function renderLabelsWithout(attributes: Attributes, drop: number): RenderedLabels {
  return buildLabels(attributes, drop);
}

function buildLabels(attributes: Attributes, drop: number): RenderedLabels {
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
  return { text, names, values, reserved };
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

/**
 * LabelPairs is a small fixed label set (scope labels, resource constant labels) in both renderings.
 */
export interface LabelPairs {
  readonly text: string;
  readonly names: readonly string[];
  readonly values: readonly string[];
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
