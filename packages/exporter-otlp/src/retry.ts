/**
 * Retry policy of OTLP/HTTP exports: exponential backoff with jitter, `Retry-After` honoured,
 * everything bounded by the export's deadline (a retry that cannot start before the deadline is
 * not attempted: the batch fails now instead of the exporter sleeping past its timeout).
 */

/** RetryOptions tune the backoff; defaults follow the OpenTelemetry JS exporters. */
export interface RetryOptions {
  /** Attempts per export including the first; default 5. */
  maxAttempts?: number;
  /** Delay before the first retry; default 1000 ms. */
  initialBackoffMillis?: number;
  /** Upper bound of one delay (not of Retry-After); default 5000 ms. */
  maxBackoffMillis?: number;
  /** Growth factor between delays; default 1.5. */
  multiplier?: number;
  /** Relative jitter: each delay is scaled by a random factor in [1 - jitter, 1 + jitter]; default 0.2. */
  jitter?: number;
}

export type ResolvedRetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryPolicy = {
  maxAttempts: 5,
  initialBackoffMillis: 1000,
  maxBackoffMillis: 5000,
  multiplier: 1.5,
  jitter: 0.2,
};

/** resolveRetryPolicy fills defaults and clamps nonsense values. */
export function resolveRetryPolicy(options: RetryOptions | undefined): ResolvedRetryPolicy {
  const p = { ...DEFAULT_RETRY, ...options };
  return {
    maxAttempts: Math.max(1, Math.floor(p.maxAttempts) || 1),
    initialBackoffMillis: Math.max(0, p.initialBackoffMillis),
    maxBackoffMillis: Math.max(0, p.maxBackoffMillis),
    multiplier: Math.max(1, p.multiplier),
    jitter: Math.min(1, Math.max(0, p.jitter)),
  };
}

/** backoffMillis is the delay before retry number `retry` (1-based), jittered by `random()`. */
export function backoffMillis(retry: number, policy: ResolvedRetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxBackoffMillis, policy.initialBackoffMillis * policy.multiplier ** (retry - 1));
  const factor = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.max(0, Math.round(base * factor));
}

/**
 * parseRetryAfter reads a `Retry-After` header: delay-seconds or an HTTP-date. Returns the delay
 * in milliseconds (never negative), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date has a day and month name; this also keeps "-5" from parsing as a year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
