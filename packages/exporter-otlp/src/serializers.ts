/**
 * The serializers, shaped like `@opentelemetry/otlp-transformer`'s `ProtobufMetricsSerializer` /
 * `JsonMetricsSerializer`: `serializeRequest(resourceMetrics)` → bytes, and
 * `deserializeResponse(bytes)` → `{ partialSuccess? }`. They accept Yardstick snapshots and
 * what `@opentelemetry/sdk-metrics` 2.x collects (same shape).
 */
import { diag } from '@opentelemetry/api';
import type { ResourceMetrics } from '@yardstick/core';
import { encodeMetricsRequestJson } from './json-metrics.js';
import { encodeMetricsRequest } from './proto-metrics.js';
import { type IExportMetricsServiceResponse, decodeMetricsResponse } from './proto-response.js';

/** ISerializer: the `@opentelemetry/otlp-transformer` serializer interface. */
export interface ISerializer<Request, Response> {
  serializeRequest(request: Request): Uint8Array | undefined;
  /** Throws if `data` is not a valid response. */
  deserializeResponse(data: Uint8Array): Response;
}

/** The metric serializer type accepted by the exporter. */
export type MetricsSerializer = ISerializer<ResourceMetrics, IExportMetricsServiceResponse>;

/**
 * ProtobufMetricsSerializer encodes an `ExportMetricsServiceRequest` as protobuf
 * (`application/x-protobuf`).
 *
 * @example
 * const bytes = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
 */
export const ProtobufMetricsSerializer: MetricsSerializer = {
  serializeRequest: (request) => encodeMetricsRequest(request),
  deserializeResponse: (data) => decodeMetricsResponse(data),
};

/**
 * JsonMetricsSerializer encodes an `ExportMetricsServiceRequest` as OTLP/JSON
 * (`application/json`).
 *
 * @example
 * const body = new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(resourceMetrics));
 */
export const JsonMetricsSerializer: MetricsSerializer = {
  serializeRequest: (request) => encodeMetricsRequestJson(request),
  deserializeResponse: (data) => {
    if (data.length === 0) return {};
    try {
      return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8'));
    } catch (err) {
      diag.warn(`Yardstick OTLP: could not parse the JSON export response: ${(err as Error).message}`);
      return {};
    }
  },
};
