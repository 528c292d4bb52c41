import { type AggregationOption, AggregationTemporality, AggregationType, InstrumentType } from '@yardstick/core';
import type { PushMetricExporter } from '../exporter.js';
import { DEFAULT_CARDINALITY_LIMIT } from '../metric-reader.js';
import type { CardinalityLimits, HistogramAggregationPreference, TemporalityPreference } from './model.js';

const { CUMULATIVE, DELTA } = AggregationTemporality;

/**
 * temporalityFor implements the OTLP exporter's temporality preferences [OTLPM]: `delta` makes
 * everything delta except up-down counters (whose deltas are rarely wanted); `low_memory` keeps
 * only the synchronous counters, histograms and gauges delta, which need no per-series state.
 */
export function temporalityFor(preference: TemporalityPreference, type: InstrumentType): AggregationTemporality {
  if (preference === 'cumulative') return CUMULATIVE;
  switch (type) {
    case InstrumentType.COUNTER:
    case InstrumentType.HISTOGRAM:
    case InstrumentType.GAUGE:
      return DELTA;
    case InstrumentType.OBSERVABLE_COUNTER:
    case InstrumentType.OBSERVABLE_GAUGE:
      return preference === 'delta' ? DELTA : CUMULATIVE;
    default:
      return CUMULATIVE;
  }
}

/**
 * withPreferences wraps an exporter so the reader asks the configured temporality and default
 * histogram aggregation, whatever the exporter would choose by itself.
 */
export function withPreferences(
  exporter: PushMetricExporter,
  temporality: TemporalityPreference | undefined,
  histogram: HistogramAggregationPreference | undefined,
): PushMetricExporter {
  if (temporality === undefined && histogram === undefined) return exporter;
  return {
    export: (metrics, done) => exporter.export(metrics, done),
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality: (type) =>
      temporality !== undefined
        ? temporalityFor(temporality, type)
        : (exporter.selectAggregationTemporality?.(type) ?? CUMULATIVE),
    selectAggregation: (type): AggregationOption => {
      if (type === InstrumentType.HISTOGRAM && histogram === 'base2_exponential_bucket_histogram') {
        return { type: AggregationType.EXPONENTIAL_HISTOGRAM };
      }
      return exporter.selectAggregation?.(type) ?? { type: AggregationType.DEFAULT };
    },
  };
}

const LIMIT_KEY: Record<InstrumentType, keyof CardinalityLimits> = {
  [InstrumentType.COUNTER]: 'counter',
  [InstrumentType.GAUGE]: 'gauge',
  [InstrumentType.HISTOGRAM]: 'histogram',
  [InstrumentType.UP_DOWN_COUNTER]: 'up_down_counter',
  [InstrumentType.OBSERVABLE_COUNTER]: 'observable_counter',
  [InstrumentType.OBSERVABLE_GAUGE]: 'observable_gauge',
  [InstrumentType.OBSERVABLE_UP_DOWN_COUNTER]: 'observable_up_down_counter',
};

/** cardinalitySelector: the kind's own limit, else `default`, else the spec's 2000. */
export function cardinalitySelector(limits: CardinalityLimits): (type: InstrumentType) => number {
  return (type) => limits[LIMIT_KEY[type]] ?? limits.default ?? DEFAULT_CARDINALITY_LIMIT;
}
