/**
 * Enums and option types shared by every Yardstick package. Names and values match
 * `@opentelemetry/sdk-metrics` 2.x so code and data written for it port unchanged.
 */

/** HrTime is `[seconds, nanoseconds]` since the epoch, as in `@opentelemetry/api`. */
export type HrTime = [number, number];

/** An attribute value as the OpenTelemetry API allows it. */
export type AttributeValue =
  | string
  | number
  | boolean
  | Array<null | undefined | string>
  | Array<null | undefined | number>
  | Array<null | undefined | boolean>;

/** Attributes of a measurement or a series. */
export interface Attributes {
  [key: string]: AttributeValue | undefined;
}

/** AggregationTemporality: DELTA = 0, CUMULATIVE = 1 (as in `@opentelemetry/sdk-metrics`). */
export enum AggregationTemporality {
  DELTA = 0,
  CUMULATIVE = 1,
}

/** DataPointType: the kind of points a metric carries (values as in `@opentelemetry/sdk-metrics`). */
export enum DataPointType {
  HISTOGRAM = 0,
  EXPONENTIAL_HISTOGRAM = 1,
  GAUGE = 2,
  SUM = 3,
}

/** InstrumentType: the kind of instrument a stream comes from. */
export enum InstrumentType {
  COUNTER = 'COUNTER',
  GAUGE = 'GAUGE',
  HISTOGRAM = 'HISTOGRAM',
  UP_DOWN_COUNTER = 'UP_DOWN_COUNTER',
  OBSERVABLE_COUNTER = 'OBSERVABLE_COUNTER',
  OBSERVABLE_GAUGE = 'OBSERVABLE_GAUGE',
  OBSERVABLE_UP_DOWN_COUNTER = 'OBSERVABLE_UP_DOWN_COUNTER',
}

/** AggregationType: which aggregation a reader or view selects. */
export enum AggregationType {
  DEFAULT = 0,
  DROP = 1,
  SUM = 2,
  LAST_VALUE = 3,
  EXPLICIT_BUCKET_HISTOGRAM = 4,
  EXPONENTIAL_HISTOGRAM = 5,
}

export type SumAggregationOption = { type: AggregationType.SUM };
export type LastValueAggregationOption = { type: AggregationType.LAST_VALUE };
export type DropAggregationOption = { type: AggregationType.DROP };
export type DefaultAggregationOption = { type: AggregationType.DEFAULT };
export type HistogramAggregationOption = {
  type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM;
  options?: { recordMinMax?: boolean; boundaries: number[] };
};
export type ExponentialHistogramAggregationOption = {
  type: AggregationType.EXPONENTIAL_HISTOGRAM;
  options?: {
    recordMinMax?: boolean;
    maxSize?: number;
    /**
     * Yardstick addition (the spec's zero threshold; sdk-metrics has no such option): values with
     * |v| ≤ zeroThreshold count in the zero bucket. Finite and ≥ 0; default 0.
     */
    zeroThreshold?: number;
  };
};

/** AggregationOption: the `{ type, options }` shape `@opentelemetry/sdk-metrics` 2.x uses. */
export type AggregationOption =
  | ExponentialHistogramAggregationOption
  | HistogramAggregationOption
  | SumAggregationOption
  | DropAggregationOption
  | DefaultAggregationOption
  | LastValueAggregationOption;

/** True for instruments whose measurements may be negative (their histograms carry no sum). */
export function allowsNegativeValues(type: InstrumentType): boolean {
  return (
    type === InstrumentType.UP_DOWN_COUNTER ||
    type === InstrumentType.GAUGE ||
    type === InstrumentType.OBSERVABLE_GAUGE ||
    type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
  );
}

/** True for the callback-driven (asynchronous) instrument kinds. */
export function isObservable(type: InstrumentType): boolean {
  return (
    type === InstrumentType.OBSERVABLE_COUNTER ||
    type === InstrumentType.OBSERVABLE_GAUGE ||
    type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
  );
}
