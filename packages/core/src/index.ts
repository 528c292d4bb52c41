export {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  InstrumentType,
  allowsNegativeValues,
  isObservable,
} from './types.js';
export type {
  AggregationOption,
  AttributeValue,
  Attributes,
  DefaultAggregationOption,
  DropAggregationOption,
  ExponentialHistogramAggregationOption,
  HistogramAggregationOption,
  HrTime,
  LastValueAggregationOption,
  SumAggregationOption,
} from './types.js';
export type {
  CollectionResult,
  DataPoint,
  Exemplar,
  ExponentialHistogram,
  ExponentialHistogramMetricData,
  GaugeMetricData,
  Histogram,
  HistogramMetricData,
  InstrumentationScope,
  MetricData,
  MetricDescriptor,
  ResourceLike,
  ResourceMetrics,
  ScopeMetrics,
  SumMetricData,
} from './snapshot.js';
export { EMPTY_ATTRIBUTES, isAttributeValue, sanitizeAttributes } from './attributes.js';
export type { SanitizedAttributes } from './attributes.js';
export { Series } from './series.js';
export { OVERFLOW_ATTRIBUTES, SeriesMap } from './series-map.js';
export type { SeriesMapEvents, SeriesMapOptions } from './series-map.js';
export { MetricStream } from './metric-stream.js';
export type { MetricStreamOptions, StreamEvents } from './metric-stream.js';
export {
  DEFAULT_HISTOGRAM_BOUNDARIES,
  ExplicitHistogramAggregator,
  LastValueAggregator,
  SumAggregator,
  createAggregator,
  defaultAggregationType,
  normalizeBoundaries,
  registerExponentialFactory,
} from './aggregators/index.js';
export type { Aggregator, AggregatorContext } from './aggregators/index.js';
export { isValidInstrumentName } from './validate.js';
export { type Clock, hrTimeToMillis, millisToHrTime } from './time.js';
