import { diag } from '@opentelemetry/api';

/**
 * Diagnostics go through `@opentelemetry/api`'s `diag`, each distinct problem once per owner: the
 * hot path may hit the same bad input millions of times, and the log must not drown the app. The
 * memory of what was reported belongs to an owner (an instrument, a provider), so a second
 * provider's problems are reported too.
 */
export type DiagLevel = 'error' | 'warn' | 'info' | 'debug';

const MAX_KEYS = 10_000;

/**
 * OnceReporter logs each problem key once. It holds at most `maxKeys` keys; past that it forgets
 * the oldest one, so a flood of distinct keys cannot make every earlier problem repeat at once.
 */
export class OnceReporter {
  private readonly seen = new Set<string>();

  constructor(private readonly maxKeys = MAX_KEYS) {}

  /** reportOnce logs `message` at `level` the first time `key` is seen here, and returns whether it logged. */
  reportOnce(key: string, level: DiagLevel, message: string): boolean {
    const seen = this.seen;
    if (seen.has(key)) return false;
    if (seen.size >= this.maxKeys) {
      const oldest = seen.values().next();
      if (oldest.done !== true) seen.delete(oldest.value);
    }
    seen.add(key);
    diag[level](message);
    return true;
  }

  /** forget clears the memory of reported problems. */
  forget(): void {
    this.seen.clear();
  }
}

/** report logs every time (for rare events such as failed exports). */
export function report(level: DiagLevel, message: string, ...args: unknown[]): void {
  diag[level](message, ...args);
}
