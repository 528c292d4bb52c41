/**
 * An independent OTLP decoder for tests: the official opentelemetry-proto `.proto` files (release
 * v0.18.0, shipped unmodified in `@opentelemetry/otlp-grpc-exporter-base`) loaded by protobufjs,
 * plus the fields added to the protocol since then, declared here by field number.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);
const PROTOS = join(dirname(require.resolve('@opentelemetry/otlp-grpc-exporter-base/package.json')), 'build', 'protos');

function load(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTOS, target);
  root.loadSync('opentelemetry/proto/collector/metrics/v1/metrics_service.proto', { keepCase: false });
  const kv = '.opentelemetry.proto.common.v1.KeyValue';
  const scope = root.lookupType('opentelemetry.proto.common.v1.InstrumentationScope');
  scope.add(new protobuf.Field('attributes', 3, kv, 'repeated'));
  scope.add(new protobuf.Field('droppedAttributesCount', 4, 'uint32'));
  root.lookupType('opentelemetry.proto.metrics.v1.Metric').add(new protobuf.Field('metadata', 12, kv, 'repeated'));
  const expPoint = root.lookupType('opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint');
  expPoint.add(new protobuf.Field('zeroThreshold', 14, 'double'));
  const partial = new protobuf.Type('ExportMetricsPartialSuccess')
    .add(new protobuf.Field('rejectedDataPoints', 1, 'int64'))
    .add(new protobuf.Field('errorMessage', 2, 'string'));
  const ns = root.lookup('opentelemetry.proto.collector.metrics.v1') as protobuf.Namespace;
  ns.add(partial);
  root
    .lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse')
    .add(new protobuf.Field('partialSuccess', 1, 'ExportMetricsPartialSuccess'));
  root.resolveAll();
  return root;
}

const root = load();
export const RequestType = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
export const ResponseType = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse');

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: true };

// biome-ignore lint/suspicious/noExplicitAny: decoded messages are inspected freely in tests
export type Decoded = any;

/** decodeRequest decodes protobuf request bytes into a plain object (int64 as strings, bytes as base64). */
export function decodeRequest(bytes: Uint8Array): Decoded {
  return RequestType.toObject(RequestType.decode(bytes), TO_OBJECT);
}

/** decodeJsonRequest reads an OTLP/JSON request into the same plain form as decodeRequest. */
export function decodeJsonRequest(json: string | Uint8Array): Decoded {
  const text = typeof json === 'string' ? json : Buffer.from(json).toString('utf8');
  // OTLP/JSON carries ids as hex where proto3 JSON would use base64.
  const parsed = JSON.parse(text, (key, value) => {
    if ((key === 'traceId' || key === 'spanId') && typeof value === 'string') {
      return Buffer.from(value, 'hex').toString('base64');
    }
    return value;
  });
  return RequestType.toObject(RequestType.fromObject(parsed), TO_OBJECT);
}

/** encodeResponse builds protobuf response bytes (e.g. a partial success) for a test receiver. */
export function encodeResponse(response: {
  partialSuccess?: { rejectedDataPoints?: number; errorMessage?: string };
}): Uint8Array {
  return ResponseType.encode(ResponseType.fromObject(response)).finish();
}

/** pointsOf lists every data point of every metric in a decoded request. */
export function metricsOf(request: Decoded): Decoded[] {
  const out: Decoded[] = [];
  for (const rm of request.resourceMetrics) for (const sm of rm.scopeMetrics) out.push(...sm.metrics);
  return out;
}
