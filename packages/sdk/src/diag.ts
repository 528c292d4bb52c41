import { diag } from '@opentelemetry/api';

/**
 * Diagnostics go through `@opentelemetry/api`'s `diag`, each distinct problem once: the hot path
 * may hit the same bad input millions of times, and the log must not drown the app.
 */
const seen = new Set<string>();
const MAX_KEYS = 10_000;

export type DiagLevel = 'error' | 'warn' | 'info' | 'debug';

/** reportOnce logs `message` at `level` the first time `key` is seen, and returns whether it logged. */
export function reportOnce(key: string, level: DiagLevel, message: string): boolean {
  if (seen.has(key)) return false;
  if (seen.size >= MAX_KEYS) seen.clear();
  seen.add(key);
  diag[level](message);
  return true;
}

/** report logs every time (for rare events such as failed exports). */
export function report(level: DiagLevel, message: string, ...args: unknown[]): void {
  diag[level](message, ...args);
}

/** resetReportedForTests forgets which problems were reported (tests only). */
export function resetReportedForTests(): void {
  seen.clear();
}
