/**
 * Asynchronous instruments and their callbacks. Callbacks run during a reader's collection and
 * write observations into that reader's streams only.
 */
import type {
  BatchObservableCallback,
  BatchObservableResult,
  Observable,
  ObservableCallback,
  ObservableResult,
} from '@opentelemetry/api';
import { type Attributes, EMPTY_ATTRIBUTES, type MetricStream } from '@yardstick/core';
import { OnceReporter } from './diag.js';
import { withTimeout } from './types.js';

/** ObservableInstrument is an ObservableCounter, ObservableUpDownCounter or ObservableGauge. */
export class ObservableInstrument implements Observable {
  constructor(
    readonly name: string,
    /** Streams per reader index. */
    readonly streamsByReader: MetricStream[][],
    private readonly isInt: boolean,
    private readonly registry: CallbackRegistry,
  ) {}

  addCallback(callback: ObservableCallback): void {
    this.registry.add({ callback, instruments: [this], batch: false });
  }

  removeCallback(callback: ObservableCallback): void {
    this.registry.remove(callback, [this]);
  }

  /** observe records one observation into the streams of reader `readerIndex`. */
  observe(readerIndex: number, value: unknown, attributes: Attributes | undefined): void {
    if (typeof value !== 'number' || value !== value) {
      this.registry.reported.reportOnce(
        `observe:${this.name}`,
        'warn',
        `Yardstick: observable "${this.name}": dropped a ${typeof value === 'number' ? 'NaN' : 'non-number'} observation.`,
      );
      return;
    }
    let v = value;
    if (this.isInt && !Number.isInteger(v)) {
      this.registry.reported.reportOnce(
        `int:${this.name}`,
        'warn',
        `Yardstick: observable "${this.name}" has INT values; truncating non-integer value ${v}.`,
      );
      v = Math.trunc(v);
      if (!Number.isFinite(v)) return;
    }
    const attrs = typeof attributes === 'object' && attributes !== null ? attributes : EMPTY_ATTRIBUTES;
    for (const stream of this.streamsByReader[readerIndex] ?? []) stream.observe(v, attrs);
  }
}

/** ObservableCounter, ObservableUpDownCounter and ObservableGauge share one implementation. */
export { ObservableInstrument as ObservableCounter };
export { ObservableInstrument as ObservableUpDownCounter };
export { ObservableInstrument as ObservableGauge };

interface CallbackEntry {
  callback: ObservableCallback | BatchObservableCallback;
  instruments: ObservableInstrument[];
  batch: boolean;
}

/** CallbackRegistry holds a meter's callbacks and runs them for one reader at a time. */
export class CallbackRegistry {
  private entries: CallbackEntry[] = [];

  /** `reported` is the owning provider's memory of reported problems. */
  constructor(readonly reported: OnceReporter = new OnceReporter()) {}

  add(entry: CallbackEntry): void {
    const exists = this.entries.some(
      (e) => e.callback === entry.callback && e.batch === entry.batch && sameList(e.instruments, entry.instruments),
    );
    if (!exists) this.entries.push(entry);
  }

  remove(callback: ObservableCallback | BatchObservableCallback, instruments: ObservableInstrument[]): void {
    this.entries = this.entries.filter((e) => !(e.callback === callback && sameList(e.instruments, instruments)));
  }

  get size(): number {
    return this.entries.length;
  }

  /** run calls every callback for reader `readerIndex`, each within `timeoutMs`; failures are collected. */
  async run(readerIndex: number, timeoutMs: number, errors: unknown[]): Promise<void> {
    await Promise.all(
      this.entries.map(async (entry) => {
        try {
          if (entry.batch) {
            const allowed = new Set(entry.instruments);
            const result: BatchObservableResult = {
              observe: (observable, value, attributes) => {
                const inst = observable as unknown as ObservableInstrument;
                if (!allowed.has(inst)) {
                  this.reported.reportOnce(
                    'batch-unregistered',
                    'warn',
                    'Yardstick: a batch callback observed an instrument it was not registered with; ignored.',
                  );
                  return;
                }
                inst.observe(readerIndex, value, attributes);
              },
            };
            await withTimeout(Promise.resolve((entry.callback as BatchObservableCallback)(result)), timeoutMs);
          } else {
            const inst = entry.instruments[0] as ObservableInstrument;
            const result: ObservableResult = {
              observe: (value, attributes) => inst.observe(readerIndex, value, attributes),
            };
            await withTimeout(Promise.resolve((entry.callback as ObservableCallback)(result)), timeoutMs);
          }
        } catch (err) {
          errors.push(err);
        }
      }),
    );
  }
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
