import type { MeterProvider } from '../meter-provider.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** Time left for the exporters' own cleanup after the export timeout. */
const GRACE_MILLIS = 1_000;

/**
 * installShutdownHooks flushes and shuts the provider down once, on SIGTERM, SIGINT or
 * beforeExit, bounded by `timeoutMillis`. Nothing it installs keeps the process alive. After a
 * signal it re-raises the signal (so the exit status is the conventional one) unless the app
 * listens for that signal itself, in which case the app decides when to exit.
 */
export function installShutdownHooks(
  provider: MeterProvider,
  timeoutMillis: number,
  warn: (message: string) => void,
): void {
  let shutdown: Promise<void> | undefined;
  const shutdownOnce = (): Promise<void> => {
    shutdown ??= new Promise<void>((resolve) => {
      // Backstop in case an exporter ignores its timeout; unref'd so it never holds the process.
      const timer = setTimeout(() => {
        warn(`metrics shutdown did not finish within ${timeoutMillis + GRACE_MILLIS} ms; exiting anyway.`);
        resolve();
      }, timeoutMillis + GRACE_MILLIS);
      timer.unref();
      provider
        .shutdown({ timeoutMillis })
        .catch((error) => warn(`metrics shutdown failed: ${(error as Error)?.message ?? String(error)}`))
        .finally(() => {
          clearTimeout(timer);
          resolve();
        });
    });
    return shutdown;
  };

  const handlers = new Map<string, () => void>();
  for (const signal of SIGNALS) {
    const onSignal = () => {
      for (const [s, h] of handlers) process.removeListener(s, h);
      void shutdownOnce().then(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    handlers.set(signal, onSignal);
    process.on(signal, onSignal);
  }
  // beforeExit fires when the loop is empty; the shutdown's own I/O keeps it alive until done,
  // then beforeExit fires again and finds the work finished.
  process.on('beforeExit', () => {
    if (shutdown === undefined) void shutdownOnce();
  });
}
