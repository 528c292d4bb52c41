/**
 * OpenTelemetry semantic-convention names used by this package, in one place so the
 * instruments and the tests agree on spelling.
 */

/** Name of the meter (instrumentation scope) this package creates its instruments on. */
export const METER_NAME = '@yardstick/http';

export const HTTP_SERVER_REQUEST_DURATION = 'http.server.request.duration';
export const HTTP_SERVER_ACTIVE_REQUESTS = 'http.server.active_requests';
export const HTTP_SERVER_REQUEST_BODY_SIZE = 'http.server.request.body.size';
export const HTTP_SERVER_RESPONSE_BODY_SIZE = 'http.server.response.body.size';

export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_ROUTE = 'http.route';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_URL_SCHEME = 'url.scheme';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';

/**
 * Bucket boundaries (seconds) the HTTP semantic conventions advise for
 * `http.server.request.duration`.
 */
export const HTTP_DURATION_BOUNDARIES: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/**
 * Methods the conventions call known. Anything else (including lower-case spellings, since
 * methods are case-sensitive) is recorded as `_OTHER`, so a client cannot mint series.
 */
export const KNOWN_METHODS: readonly string[] = Object.freeze([
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);
export const OTHER_METHOD = '_OTHER';

/** error.type of a thrown value that has no class name. */
export const ERROR_OTHER = '_OTHER';

/** error.type recorded when the client goes away before the response is complete. */
export const ERROR_ABORTED = 'aborted';
