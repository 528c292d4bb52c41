/**
 * `@yardstick/core/internal`: what the Yardstick SDK needs from the core beyond its public data
 * model — the pending state of bound handles. Not for applications: it may change in any release.
 */
export type { Pending, PendingHistogram, PendingSum } from './pending.js';
export { recordPendingHistogram } from './pending.js';
