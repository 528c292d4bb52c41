/** Snapshot fixtures covering every data point kind, attribute value type and optional field. */
import {
  AggregationTemporality,
  DataPointType,
  type HrTime,
  type MetricData,
  type ResourceMetrics,
} from '@yardstick/core';

export const START: HrTime = [1_767_225_600, 123_456_789];
export const END: HrTime = [1_767_225_660, 987_654_321];

const DOUBLE = 1;
const INT = 0;

/** Metrics that `@opentelemetry/otlp-transformer` encodes fully (no exemplars, no zeroThreshold). */
export function transformerComparableMetrics(): MetricData[] {
  return [
    {
      descriptor: { name: 'requests', description: 'Requests served', unit: '{request}', valueType: DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: [
        { startTime: START, endTime: END, attributes: Object.freeze({ route: '/a', code: 200 }), value: 12.5 },
        { startTime: START, endTime: END, attributes: Object.freeze({ route: '/b', ok: true }), value: 0 },
        { startTime: START, endTime: END, attributes: {}, value: 1e300 },
      ],
    },
    {
      descriptor: { name: 'queue.depth', description: '', unit: '', valueType: INT },
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.SUM,
      isMonotonic: false,
      dataPoints: [
        { startTime: START, endTime: END, attributes: { q: 'ünïcödé ✓' }, value: -42 },
        { startTime: START, endTime: END, attributes: { q: 'big' }, value: 2 ** 40 + 3 },
      ],
    },
    {
      descriptor: { name: 'temperature', description: 'Room temperature', unit: 'Cel', valueType: DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [
        {
          startTime: START,
          endTime: END,
          attributes: { room: 'lab', floors: [1, 2, 3], tags: ['x', 'y'], ratio: 0.25, flags: [true, false] },
          value: -3.75,
        },
      ],
    },
    {
      descriptor: { name: 'latency', description: 'Latency', unit: 'ms', valueType: DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        {
          startTime: START,
          endTime: END,
          attributes: Object.freeze({ route: '/a' }),
          value: {
            buckets: { boundaries: [0, 5, 10, 25], counts: [1, 2, 0, 3, 2 ** 33] },
            sum: 1234.5,
            count: 6 + 2 ** 33,
            min: 0.5,
            max: 99.25,
          },
        },
        {
          startTime: START,
          endTime: END,
          attributes: { route: '/b' },
          value: { buckets: { boundaries: [0, 5, 10, 25], counts: [0, 0, 0, 0, 0] }, count: 0 },
        },
      ],
    },
    {
      descriptor: { name: 'payload', description: '', unit: 'By', valueType: INT },
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
      dataPoints: [
        {
          startTime: START,
          endTime: END,
          attributes: Object.freeze({ kind: 'upload' }),
          value: {
            count: 11,
            sum: 5000.5,
            scale: -2,
            zeroCount: 1,
            positive: { offset: -3, bucketCounts: [1, 0, 4, 300] },
            negative: { offset: 2, bucketCounts: [5] },
            min: -17,
            max: 4096,
          },
        },
        {
          startTime: START,
          endTime: END,
          attributes: { kind: 'empty' },
          value: {
            count: 0,
            scale: 20,
            zeroCount: 0,
            positive: { offset: 0, bucketCounts: [] },
            negative: { offset: 0, bucketCounts: [] },
          },
        },
      ],
    },
  ];
}

/** A full ResourceMetrics with two scopes (one with version, attributes and schema URL). */
export function transformerComparableSnapshot(): ResourceMetrics {
  const metrics = transformerComparableMetrics();
  return {
    resource: {
      attributes: { 'service.name': 'checkout', 'service.instance.id': 'i-1', 'process.pid': 4242, 'host.arch': 'x64' },
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    },
    scopeMetrics: [
      {
        scope: {
          name: 'checkout-lib',
          version: '1.2.3',
          schemaUrl: 'https://opentelemetry.io/schemas/1.25.0',
          attributes: { 'scope.attr': 'v', n: 7 },
        },
        metrics: metrics.slice(0, 3),
      },
      { scope: { name: 'second' }, metrics: metrics.slice(3) },
    ],
  };
}

/** A snapshot using the fields otlp-transformer ignores: exemplars, zeroThreshold, NaN/Infinity. */
export function extendedSnapshot(): ResourceMetrics {
  return {
    resource: { attributes: { 'service.name': 'ext' } },
    scopeMetrics: [
      {
        scope: { name: 'ext' },
        metrics: [
          {
            descriptor: { name: 'hits', description: '', unit: '', valueType: INT },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [
              {
                startTime: START,
                endTime: END,
                attributes: { a: 'b' },
                value: 7,
                exemplars: [
                  {
                    filteredAttributes: { user: 'u1' },
                    value: 3,
                    timestamp: [1_767_225_630, 5],
                    traceId: '0af7651916cd43dd8448eb211c80319c',
                    spanId: 'b7ad6b7169203331',
                  },
                  { filteredAttributes: {}, value: 4, timestamp: [1_767_225_640, 0] },
                ],
              },
            ],
          },
          {
            descriptor: { name: 'odd.values', description: '', unit: '', valueType: DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: [
              { startTime: START, endTime: END, attributes: { v: 'nan' }, value: Number.NaN },
              { startTime: START, endTime: END, attributes: { v: 'inf' }, value: Number.POSITIVE_INFINITY },
              { startTime: START, endTime: END, attributes: { v: '-inf' }, value: Number.NEGATIVE_INFINITY },
            ],
          },
          {
            descriptor: { name: 'sizes', description: '', unit: '', valueType: DOUBLE },
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: [
              {
                startTime: START,
                endTime: END,
                attributes: {},
                value: { buckets: { boundaries: [1], counts: [1, 1] }, count: 2, sum: 3.5 },
                exemplars: [{ filteredAttributes: { k: 1 }, value: 2.5, timestamp: END, spanId: '00f067aa0ba902b7' }],
              },
            ],
          },
          {
            descriptor: { name: 'exp', description: '', unit: '', valueType: DOUBLE },
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
            dataPoints: [
              {
                startTime: START,
                endTime: END,
                attributes: {},
                value: {
                  count: 3,
                  sum: 0.002,
                  scale: 3,
                  zeroCount: 2,
                  zeroThreshold: 0.001,
                  positive: { offset: 0, bucketCounts: [1] },
                  negative: { offset: 0, bucketCounts: [] },
                },
                exemplars: [{ filteredAttributes: {}, value: 0.002, timestamp: END }],
              },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * A counter with `points` data points, each with a `pad`-character string attribute (one string
 * shared by all points): a request body of roughly `points * pad` bytes, cheap to build.
 */
export function sizedSnapshot(points: number, pad: number): ResourceMetrics {
  const filler = 'x'.repeat(pad);
  const dataPoints = [];
  for (let i = 0; i < points; i++) {
    dataPoints.push({ startTime: START, endTime: END, attributes: { id: i, pad: filler }, value: i });
  }
  return {
    resource: { attributes: { 'service.name': 'sized' } },
    scopeMetrics: [
      {
        scope: { name: 'sized' },
        metrics: [
          {
            descriptor: { name: 'sized.count', description: '', unit: '', valueType: INT },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints,
          },
        ],
      },
    ],
  };
}
