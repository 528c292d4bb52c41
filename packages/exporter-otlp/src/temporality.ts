/**
 * Temporality and aggregation preferences of the OTLP exporter (SPEC-NOTES §3): `cumulative`
 * (default), `delta` and `lowmemory`, plus the default histogram aggregation.
 */
import { type AggregationOption, AggregationTemporality, AggregationType, InstrumentType } from '@yardstick/core';

/** AggregationTemporalityPreference: the names `@opentelemetry/exporter-metrics-otlp-http` uses. */
export enum AggregationTemporalityPreference {
  DELTA = 0,
  CUMULATIVE = 1,
  LOWMEMORY = 2,
}

/** An instrument kind as either enum (Yardstick's or OpenTelemetry JS') or its string value. */
export type InstrumentKind = InstrumentType | `${InstrumentType}`;

export type TemporalitySelector = (instrumentType: InstrumentKind) => AggregationTemporality;

const cumulative: TemporalitySelector = () => AggregationTemporality.CUMULATIVE;

const delta: TemporalitySelector = (type) => {
  switch (type) {
    case InstrumentType.UP_DOWN_COUNTER:
    case InstrumentType.OBSERVABLE_UP_DOWN_COUNTER:
      return AggregationTemporality.CUMULATIVE;
    default:
      // Counter, Histogram, Observable Counter; gauges follow OpenTelemetry JS (delta).
      return AggregationTemporality.DELTA;
  }
};

const lowMemory: TemporalitySelector = (type) => {
  switch (type) {
    case InstrumentType.COUNTER:
    case InstrumentType.HISTOGRAM:
      return AggregationTemporality.DELTA;
    default:
      return AggregationTemporality.CUMULATIVE;
  }
};

/** temporalitySelectorFor maps a preference (name, enum or fixed temporality) to a selector. */
export function temporalitySelectorFor(
  preference:
    | 'cumulative'
    | 'delta'
    | 'lowmemory'
    | AggregationTemporalityPreference
    | AggregationTemporality
    | undefined,
): TemporalitySelector {
  switch (preference) {
    case 'delta':
    case AggregationTemporalityPreference.DELTA:
      return delta;
    case 'lowmemory':
    case AggregationTemporalityPreference.LOWMEMORY:
      return lowMemory;
    default:
      return cumulative;
  }
}

export type AggregationSelectorFn = (instrumentType: InstrumentKind) => AggregationOption;

/** aggregationSelectorFor returns the default-aggregation selector for the histogram preference. */
export function aggregationSelectorFor(
  histogram: 'explicit_bucket_histogram' | 'base2_exponential_bucket_histogram' | undefined,
): AggregationSelectorFn {
  if (histogram === 'base2_exponential_bucket_histogram') {
    return (type) =>
      type === InstrumentType.HISTOGRAM
        ? { type: AggregationType.EXPONENTIAL_HISTOGRAM }
        : { type: AggregationType.DEFAULT };
  }
  return () => ({ type: AggregationType.DEFAULT });
}
