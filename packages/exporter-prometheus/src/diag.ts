import { diag } from '@opentelemetry/api';

/**
 * Diagnostics through `@opentelemetry/api`'s `diag`, each distinct problem once: a scrape every
 * 15 s must not repeat the same warning forever.
 */
const seen = new Set<string>();

/** warnOnce logs `message` the first time `key` is seen. */
export function warnOnce(key: string, message: string): void {
  if (seen.has(key)) return;
  if (seen.size >= 1000) seen.clear();
  seen.add(key);
  diag.warn(message);
}
