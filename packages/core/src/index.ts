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
export { OVERFLOW_ATTRIBUTES, SeriesMap } from './series-map.js';
export type { SeriesMapEvents, SeriesMapOptions } from './series-map.js';
export { MetricStream } from './metric-stream.js';
export {
  AlignedHistogramBucketReservoir,
  SimpleFixedSizeReservoir,
} from './exemplar-reservoir.js';
export type { ExemplarReservoir, ExemplarReservoirOption } from './exemplar-reservoir.js';
export type { MetricStreamOptions, StreamEvents } from './metric-stream.js';
export {
  DEFAULT_EXPONENTIAL_MAX_SIZE,
  DEFAULT_HISTOGRAM_BOUNDARIES,
  DEFAULT_SECONDS_BOUNDARIES,
  ExplicitHistogramAggregator,
  ExponentialHistogramAggregator,
  LastValueAggregator,
  SumAggregator,
  createAggregator,
  createExponentialHistogramAggregator,
  defaultAggregationType,
  explicitBucketIndex,
  normalizeBoundaries,
} from './aggregators/index.js';
export {
  MAX_SCALE as EXPONENTIAL_MAX_SCALE,
  MIN_SCALE as EXPONENTIAL_MIN_SCALE,
  lowerBoundary as exponentialLowerBoundary,
  mapToIndex as exponentialIndex,
} from './aggregators/exponential-mapping.js';
export { estimateQuantile, quantiles } from './percentiles.js';
export type { Aggregator, AggregatorContext } from './aggregators/index.js';
export { isValidInstrumentName } from './validate.js';
export { type Clock, hrTimeToMillis, millisToHrTime } from './time.js';
export {
  HISTOGRAM_COUNT,
  HISTOGRAM_FIRST_BUCKET,
  HISTOGRAM_MAX,
  HISTOGRAM_MIN,
  HISTOGRAM_SUM,
  collectionTime,
  pointColumns,
  pointCount,
  startTimeCache,
} from './point-columns.js';
export type { HistogramLayout, PointColumns } from './point-columns.js';
