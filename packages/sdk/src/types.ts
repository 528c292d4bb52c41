/** Options of collect, forceFlush and shutdown (the `@opentelemetry/sdk-metrics` shape). */
export interface CommonReaderOptions {
  timeoutMillis?: number;
}
export type CollectionOptions = CommonReaderOptions;
export type ForceFlushOptions = CommonReaderOptions;
export type ShutdownOptions = CommonReaderOptions;
/** The options of `MetricProducer.collect` under their `@opentelemetry/sdk-metrics` name. */
export type MetricCollectOptions = CommonReaderOptions;

/** TimeoutError rejects an operation that did not finish within its timeout. */
export class TimeoutError extends Error {
  constructor(message = 'Operation timed out.') {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** withTimeout rejects with TimeoutError if `promise` has not settled after `ms` (no limit when ms is Infinity). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
