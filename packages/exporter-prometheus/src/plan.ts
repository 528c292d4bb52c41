/**
 * Planning a scrape: decide each metric's Prometheus type and names, group metrics that share a
 * name (across scopes) into one family so their samples never interleave, drop metrics whose type
 * conflicts with an earlier family, and render the per-scope extra labels. Work here is per metric,
 * never per series.
 */
import {
  AggregationTemporality,
  type Attributes,
  type HrTime,
  DataPointType,
  type InstrumentationScope,
  type MetricData,
  type ResourceMetrics,
  collectionTime,
  pointCount,
} from '@yardstick/core';
import { warnOnce } from './diag.js';
import {
  HAS_SCOPE_LABEL,
  type LabelPairs,
  type RenderedLabels,
  attributeValueToString,
  labelPairs,
  renderLabels,
} from './labels.js';
import { type MetricNames, type NamingOptions, type PrometheusType, metricNames, sanitizeLabelName } from './names.js';

/** Options that shape the exposition (shared by every format). */
export interface ExpositionOptions extends NamingOptions {
  /** Do not add `otel_scope_name` / `otel_scope_version` / … labels. */
  readonly withoutScopeInfo?: boolean;
  /** Do not write the `target_info` metric. */
  readonly withoutTargetInfo?: boolean;
  /** Copy the resource attributes whose key matches onto every series (they stay on `target_info` too). */
  readonly withResourceConstantLabels?: RegExp;
  /** Append each point's end time as the sample timestamp (the specification advises against it). */
  readonly appendTimestamp?: boolean;
}

/** A metric of one scope inside a family. */
export interface FamilyMember {
  readonly metric: MetricData;
  /** Labels every series of this member carries besides its own (scope, resource constants). */
  readonly extra: LabelPairs;
}

/** One Prometheus metric family: one set of metadata lines, then every member's samples. */
export interface Family {
  readonly type: PrometheusType;
  readonly names: MetricNames;
  help: string;
  readonly members: FamilyMember[];
}

/** Plan is everything a writer needs, in output order. */
export interface Plan {
  /** Labels of `target_info`, or undefined when it is not written. */
  readonly target: RenderedLabels | undefined;
  /** The resource attributes `target` was rendered from. */
  readonly targetAttributes: Attributes;
  readonly families: Family[];
  /** Bit mask of attribute labels that must be dropped because they collide with `extra` labels. */
  readonly reservedMask: number;
  /** End time of the first point: the collection time, for `target_info` when timestamps are on. */
  readonly collectedAt: { readonly endTime: HrTime } | undefined;
}

const SCOPE_LABELS = ['otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url'];

/** planExposition groups and names the metrics of one collection. */
export function planExposition(rm: ResourceMetrics, options: ExpositionOptions): Plan {
  const constant = resourceConstantLabels(rm.resource.attributes, options.withResourceConstantLabels);
  const families: Family[] = [];
  let collectedAt: { readonly endTime: HrTime } | undefined;
  const bySample = new Map<string, Family>();
  const byFamily = new Map<string, Family>();
  for (const sm of rm.scopeMetrics) {
    let extra: LabelPairs | undefined;
    for (const metric of sm.metrics) {
      if (pointCount(metric) === 0) continue;
      if (collectedAt === undefined) {
        const endTime = collectionTime(metric);
        if (endTime !== undefined) collectedAt = { endTime };
      }
      const type = prometheusType(metric);
      if (type === undefined) continue;
      const names = metricNames(metric.descriptor.name, metric.descriptor.unit, type, options);
      if (names === undefined) {
        warnOnce(`name:${metric.descriptor.name}`, `Prometheus: metric "${metric.descriptor.name}" has no usable name`);
        continue;
      }
      const key = type === 'histogram' ? names.family : names.sample;
      if (!options.withoutTargetInfo && (key === 'target_info' || names.family === 'target')) {
        warnOnce(`target:${key}`, `Prometheus: metric "${metric.descriptor.name}" clashes with target_info; dropped`);
        continue;
      }
      const existing = bySample.get(key) ?? byFamily.get(names.family);
      extra ??= scopeLabels(sm.scope, options.withoutScopeInfo === true, constant);
      if (existing === undefined) {
        const family: Family = { type, names, help: metric.descriptor.description, members: [{ metric, extra }] };
        families.push(family);
        bySample.set(key, family);
        byFamily.set(names.family, family);
      } else if (existing.type !== type) {
        // The specification: a TYPE conflict drops the later metric entirely.
        warnOnce(
          `type:${key}:${type}`,
          `Prometheus: metric "${metric.descriptor.name}" (${type}) conflicts with a ${existing.type} named "${key}"; dropped`,
        );
      } else {
        if (existing.help === '') existing.help = metric.descriptor.description;
        else if (metric.descriptor.description !== '' && metric.descriptor.description !== existing.help) {
          warnOnce(`help:${key}`, `Prometheus: metrics named "${key}" have different descriptions; keeping the first`);
        }
        existing.members.push({ metric, extra });
      }
    }
  }
  const resourceAttributes = rm.resource.attributes;
  const target =
    options.withoutTargetInfo || Object.keys(resourceAttributes).length === 0
      ? undefined
      : renderLabels(resourceAttributes);
  return {
    target,
    targetAttributes: resourceAttributes,
    families,
    reservedMask: options.withoutScopeInfo ? 0 : HAS_SCOPE_LABEL,
    collectedAt,
  };
}

/** prometheusType maps an OpenTelemetry metric to its Prometheus type, or undefined to drop it. */
function prometheusType(metric: MetricData): PrometheusType | undefined {
  if (metric.dataPointType === DataPointType.GAUGE) return 'gauge';
  // Prometheus is cumulative: delta sums and histograms cannot be exposed faithfully (spec: drop them).
  if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
    warnOnce(`delta:${metric.descriptor.name}`, `Prometheus: delta metric "${metric.descriptor.name}" dropped`);
    return undefined;
  }
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'gauge';
    case DataPointType.HISTOGRAM:
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return 'histogram';
    default:
      return undefined;
  }
}

function scopeLabels(scope: InstrumentationScope, without: boolean, constant: LabelPairs): LabelPairs {
  if (without) return constant;
  const names = [...SCOPE_LABELS];
  const values = [scope.name, scope.version ?? '', scope.schemaUrl ?? ''];
  if (scope.attributes) {
    for (const key of Object.keys(scope.attributes).sort()) {
      const value = scope.attributes[key];
      if (value === undefined || value === null) continue;
      const name = `otel_scope_${sanitizeLabelName(key)}`;
      if (names.includes(name)) continue;
      names.push(name);
      values.push(attributeValueToString(value));
    }
  }
  names.push(...constant.names);
  values.push(...constant.values);
  return labelPairs(names, values);
}

function resourceConstantLabels(attributes: Attributes, pattern: RegExp | undefined): LabelPairs {
  if (pattern === undefined) return labelPairs([], []);
  const names: string[] = [];
  const values: string[] = [];
  for (const key of Object.keys(attributes).sort()) {
    const value = attributes[key];
    pattern.lastIndex = 0;
    if (value === undefined || value === null || !pattern.test(key)) continue;
    const name = sanitizeLabelName(key);
    if (name === '' || name === 'le' || names.includes(name)) continue;
    names.push(name);
    values.push(attributeValueToString(value));
  }
  return labelPairs(names, values);
}
