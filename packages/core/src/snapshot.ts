/**
 * Snapshot types: what a collection hands to exporters. Shaped like `@opentelemetry/sdk-metrics`'
 * `ResourceMetrics`, so OpenTelemetry JS exporters accept Yardstick snapshots and Yardstick's
 * exporters accept OpenTelemetry JS ones. Exporters only read these; nothing reaches back upstream.
 *
 * Stability contract: a data point's `attributes` object is the same frozen object on every
 * collection of its series, so exporters may cache work (label strings) keyed by it.
 */
import type { AggregationTemporality, Attributes, DataPointType, HrTime } from './types.js';

export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
  /** Scope attributes (OpenTelemetry JS 2.x does not carry these; Yardstick does when given). */
  readonly attributes?: Attributes;
}

/** The part of a Resource that exporters read. */
export interface ResourceLike {
  readonly attributes: Attributes;
  readonly schemaUrl?: string;
}

export interface MetricDescriptor {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  /** `ValueType` of `@opentelemetry/api`: INT = 0, DOUBLE = 1. */
  readonly valueType: number;
}

/** One recorded exemplar (absent from OpenTelemetry JS 2.x snapshots, optional here). */
export interface Exemplar {
  readonly filteredAttributes: Attributes;
  readonly value: number;
  readonly timestamp: HrTime;
  readonly spanId?: string;
  readonly traceId?: string;
}

export interface DataPoint<T> {
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: Attributes;
  readonly value: T;
  readonly exemplars?: readonly Exemplar[];
}

export interface Histogram {
  buckets: { boundaries: number[]; counts: number[] };
  sum?: number;
  count: number;
  min?: number;
  max?: number;
}

export interface ExponentialHistogram {
  count: number;
  sum?: number;
  scale: number;
  zeroCount: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
  min?: number;
  max?: number;
  /** Width of the zero bucket; 0 when only exact zeros are counted there. */
  zeroThreshold?: number;
}

interface BaseMetricData {
  readonly descriptor: MetricDescriptor;
  readonly aggregationTemporality: AggregationTemporality;
  readonly dataPointType: DataPointType;
}

export interface SumMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.SUM;
  readonly dataPoints: DataPoint<number>[];
  readonly isMonotonic: boolean;
}

export interface GaugeMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.GAUGE;
  readonly dataPoints: DataPoint<number>[];
}

export interface HistogramMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.HISTOGRAM;
  readonly dataPoints: DataPoint<Histogram>[];
}

export interface ExponentialHistogramMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM;
  readonly dataPoints: DataPoint<ExponentialHistogram>[];
}

export type MetricData = SumMetricData | GaugeMetricData | HistogramMetricData | ExponentialHistogramMetricData;

export interface ScopeMetrics {
  scope: InstrumentationScope;
  metrics: MetricData[];
}

export interface ResourceMetrics {
  resource: ResourceLike;
  scopeMetrics: ScopeMetrics[];
}

export interface CollectionResult {
  resourceMetrics: ResourceMetrics;
  errors: unknown[];
}
