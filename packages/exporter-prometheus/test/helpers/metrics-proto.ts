/**
 * An independent decoder for the Prometheus protobuf exposition: protobufjs reflection over the
 * schema text of io.prometheus.client (field numbers as in prometheus/client_model metrics.proto),
 * not the writer under test.
 */
import protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto2";
package io.prometheus.client;
message LabelPair { optional string name = 1; optional string value = 2; }
enum MetricType { COUNTER = 0; GAUGE = 1; SUMMARY = 2; UNTYPED = 3; HISTOGRAM = 4; GAUGE_HISTOGRAM = 5; }
message Timestamp { optional int64 seconds = 1; optional int32 nanos = 2; }
message Gauge { optional double value = 1; }
message Counter { optional double value = 1; optional Exemplar exemplar = 2; optional Timestamp created_timestamp = 3; }
message Untyped { optional double value = 1; }
message Histogram {
  optional uint64 sample_count = 1; optional double sample_count_float = 4; optional double sample_sum = 2;
  repeated Bucket bucket = 3; optional Timestamp created_timestamp = 15;
  optional sint32 schema = 5; optional double zero_threshold = 6; optional uint64 zero_count = 7;
  optional double zero_count_float = 8;
  repeated BucketSpan negative_span = 9; repeated sint64 negative_delta = 10; repeated double negative_count = 11;
  repeated BucketSpan positive_span = 12; repeated sint64 positive_delta = 13; repeated double positive_count = 14;
  repeated Exemplar exemplars = 16;
}
message Bucket { optional uint64 cumulative_count = 1; optional double cumulative_count_float = 4; optional double upper_bound = 2; optional Exemplar exemplar = 3; }
message BucketSpan { optional sint32 offset = 1; optional uint32 length = 2; }
message Exemplar { repeated LabelPair label = 1; optional double value = 2; optional Timestamp timestamp = 3; }
message Metric {
  repeated LabelPair label = 1; optional Gauge gauge = 2; optional Counter counter = 3;
  optional Untyped untyped = 5; optional Histogram histogram = 7; optional int64 timestamp_ms = 6;
}
message MetricFamily { optional string name = 1; optional string help = 2; optional MetricType type = 3; repeated Metric metric = 4; optional string unit = 5; }
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;
const MetricFamily = root.lookupType('io.prometheus.client.MetricFamily');

export interface DecodedSpan {
  offset: number;
  length: number;
}

export interface DecodedHistogram {
  sample_count: number;
  sample_sum?: number;
  bucket: { cumulative_count: number; upper_bound: number; exemplar?: DecodedExemplar }[];
  schema?: number;
  zero_threshold?: number;
  zero_count?: number;
  positive_span: DecodedSpan[];
  positive_delta: number[];
  negative_span: DecodedSpan[];
  negative_delta: number[];
  created_timestamp?: { seconds: number; nanos: number };
}

export interface DecodedExemplar {
  label: { name: string; value: string }[];
  value: number;
  timestamp?: { seconds: number; nanos: number };
}

export interface DecodedMetric {
  label: { name: string; value: string }[];
  gauge?: { value: number };
  counter?: { value: number; exemplar?: DecodedExemplar; created_timestamp?: { seconds: number; nanos: number } };
  histogram?: DecodedHistogram;
}

export interface DecodedFamily {
  name: string;
  help?: string;
  type: string;
  unit?: string;
  metric: DecodedMetric[];
}

/** decodeDelimited reads every varint-delimited MetricFamily of a body. */
export function decodeDelimited(body: Uint8Array): DecodedFamily[] {
  const reader = protobuf.Reader.create(body);
  const out: DecodedFamily[] = [];
  while (reader.pos < reader.len) {
    const message = MetricFamily.decodeDelimited(reader);
    out.push(
      MetricFamily.toObject(message, { longs: Number, enums: String, arrays: true, defaults: false }) as DecodedFamily,
    );
  }
  return out;
}

/** nativeBuckets expands spans + deltas into Prometheus bucket index → count. */
export function nativeBuckets(spans: DecodedSpan[], deltas: number[]): Map<number, number> {
  const out = new Map<number, number>();
  let index = 0;
  let count = 0;
  let d = 0;
  // The first span's offset is absolute; later ones are the gap after the previous span.
  for (const span of spans) {
    index += span.offset;
    for (let k = 0; k < span.length; k++) {
      count += deltas[d++];
      out.set(index, count);
      index++;
    }
  }
  return out;
}
