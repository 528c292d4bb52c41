import type { HrTime } from './types.js';

/** A clock returning milliseconds since the epoch (fractions allowed). Core never reads time itself. */
export type Clock = () => number;

/** millisToHrTime converts epoch milliseconds to `[seconds, nanoseconds]`. */
export function millisToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

/** hrTimeToMillis converts `[seconds, nanoseconds]` back to epoch milliseconds. */
export function hrTimeToMillis(t: HrTime): number {
  return t[0] * 1000 + t[1] / 1e6;
}
