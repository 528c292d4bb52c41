import {
  type AggregationOption,
  AggregationType,
  InstrumentType,
  allowsNegativeValues,
  isObservable,
} from '../types.js';
import type { Aggregator } from './aggregator.js';
import {
  DEFAULT_HISTOGRAM_BOUNDARIES,
  DEFAULT_SECONDS_BOUNDARIES,
  ExplicitHistogramAggregator,
  normalizeBoundaries,
} from './explicit-histogram.js';
import { createExponentialHistogramAggregator } from './exponential-histogram.js';
import { LastValueAggregator } from './last-value.js';
import { SumAggregator } from './sum.js';

export type { Aggregator } from './aggregator.js';
export {
  DEFAULT_HISTOGRAM_BOUNDARIES,
  DEFAULT_SECONDS_BOUNDARIES,
  ExplicitHistogramAggregator,
  explicitBucketIndex,
  normalizeBoundaries,
} from './explicit-histogram.js';
export {
  DEFAULT_EXPONENTIAL_MAX_SIZE,
  ExponentialHistogramAggregator,
  createExponentialHistogramAggregator,
} from './exponential-histogram.js';
export { LastValueAggregator } from './last-value.js';
export { SumAggregator } from './sum.js';

/** What an instrument brings to aggregation choice besides its kind. */
export interface AggregatorContext {
  readonly instrumentType: InstrumentType;
  /** `advice.explicitBucketBoundaries`, honoured when the aggregation is DEFAULT. */
  readonly adviceBoundaries?: readonly number[];
  /** The instrument's unit, for unit-aware default boundaries. */
  readonly unit?: string;
  /**
   * Scale the default boundaries to the unit (seconds get `DEFAULT_SECONDS_BOUNDARIES`). On by
   * default; false gives the OpenTelemetry defaults for every unit (strict parity).
   */
  readonly unitAwareBuckets?: boolean;
  /** Reports a problem with the configuration (once per instrument, by the caller). */
  readonly report: (message: string) => void;
}

function isMonotonicKind(type: InstrumentType): boolean {
  return (
    type === InstrumentType.COUNTER || type === InstrumentType.OBSERVABLE_COUNTER || type === InstrumentType.HISTOGRAM
  );
}

/** defaultAggregationType is the spec's default aggregation for an instrument kind. */
export function defaultAggregationType(type: InstrumentType): AggregationType {
  switch (type) {
    case InstrumentType.GAUGE:
    case InstrumentType.OBSERVABLE_GAUGE:
      return AggregationType.LAST_VALUE;
    case InstrumentType.HISTOGRAM:
      return AggregationType.EXPLICIT_BUCKET_HISTOGRAM;
    default:
      return AggregationType.SUM;
  }
}

/**
 * createAggregator resolves an aggregation option for an instrument into an aggregator, or
 * undefined for DROP. Options that do not fit the instrument fall back to its default, reported.
 */
export function createAggregator(
  option: AggregationOption | undefined,
  ctx: AggregatorContext,
): Aggregator | undefined {
  let type = option?.type ?? AggregationType.DEFAULT;
  const isDefault = type === AggregationType.DEFAULT;
  if (isDefault) type = defaultAggregationType(ctx.instrumentType);
  if (
    isObservable(ctx.instrumentType) &&
    (type === AggregationType.EXPLICIT_BUCKET_HISTOGRAM || type === AggregationType.EXPONENTIAL_HISTOGRAM)
  ) {
    ctx.report('histogram aggregations do not apply to asynchronous instruments; using the default aggregation');
    type = defaultAggregationType(ctx.instrumentType);
  }
  switch (type) {
    case AggregationType.DROP:
      return undefined;
    case AggregationType.SUM:
      return new SumAggregator(isMonotonicKind(ctx.instrumentType));
    case AggregationType.LAST_VALUE:
      return new LastValueAggregator();
    case AggregationType.EXPONENTIAL_HISTOGRAM:
      return createExponentialHistogramAggregator(option, ctx);
    default: {
      const opts = option?.type === AggregationType.EXPLICIT_BUCKET_HISTOGRAM ? option.options : undefined;
      let boundaries: readonly number[] = DEFAULT_HISTOGRAM_BOUNDARIES;
      if (opts?.boundaries !== undefined) boundaries = opts.boundaries;
      else if (isDefault && ctx.adviceBoundaries !== undefined) boundaries = ctx.adviceBoundaries;
      else if (ctx.unitAwareBuckets !== false && ctx.unit === 's') boundaries = DEFAULT_SECONDS_BOUNDARIES;
      const normalized = normalizeBoundaries(boundaries);
      if (normalized.changed) {
        ctx.report(`histogram boundaries must be finite and increasing; using [${normalized.boundaries.join(', ')}]`);
      }
      return new ExplicitHistogramAggregator(
        normalized.boundaries,
        opts?.recordMinMax ?? true,
        !allowsNegativeValues(ctx.instrumentType),
      );
    }
  }
}
