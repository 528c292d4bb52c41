import { diag } from '@opentelemetry/api';

const reported = new Set<string>();

/**
 * reportOnce logs a problem through the OpenTelemetry diag logger the first time `key` is seen.
 * Instrumentation runs inside the application's request path, so it reports and carries on
 * rather than throwing.
 */
export function reportOnce(key: string, message: string, err?: unknown): void {
  if (reported.has(key)) return;
  reported.add(key);
  diag.warn(`@yardstick/http: ${message}${err === undefined ? '' : `: ${String(err)}`}`);
}
