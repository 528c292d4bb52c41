export { JsonMetricsSerializer, ProtobufMetricsSerializer } from './serializers.js';
export type { ISerializer, MetricsSerializer } from './serializers.js';
export type { IExportMetricsPartialSuccess, IExportMetricsServiceResponse } from './proto-response.js';
