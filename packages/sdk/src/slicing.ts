import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Pauser gives the event loop a turn once synchronous work has run for `budgetMs`: a collection
 * of 100k series is built in slices, so a scrape never freezes the app for long.
 */
export class Pauser {
  private since = performance.now();

  constructor(private readonly budgetMs = 8) {}

  /** maybePause resolves at once while within budget, else after one event-loop turn. */
  async maybePause(): Promise<void> {
    if (performance.now() - this.since < this.budgetMs) return;
    await nextTurn();
    this.since = performance.now();
  }
}
