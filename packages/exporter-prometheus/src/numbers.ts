/**
 * Number rendering for the text expositions.
 */
import type { HrTime } from '@yardstick/core';

/** formatValue renders a sample value: `NaN`, `+Inf`, `-Inf`, otherwise the shortest round-trip form. */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  // `${NaN}` is `NaN`, and JavaScript's shortest form (`1e+21`, `5e-7`) is valid in both formats.
  return `${value}`;
}

/**
 * formatCanonical renders an OpenMetrics `le` value in the canonical form: Go's `%g` with
 * shortest precision (exponent outside 1e-4 ≤ |v| < 1e6), plus `.0` for integers (`1.0`, `1e+06`).
 */
export function formatCanonical(value: number): string {
  if (!Number.isFinite(value)) return formatValue(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  let out: string;
  if (abs < 1e-4 || abs >= 1e6) {
    const exp = value.toExponential();
    const e = exp.indexOf('e');
    const mantissa = exp.slice(0, e);
    const power = Number(exp.slice(e + 1));
    const digits = Math.abs(power) < 10 ? `0${Math.abs(power)}` : `${Math.abs(power)}`;
    out = `${mantissa}e${power < 0 ? '-' : '+'}${digits}`;
  } else {
    out = `${value}`;
  }
  return out.includes('.') || out.includes('e') ? out : `${out}.0`;
}

/** hrTimeToSeconds renders an HrTime as decimal seconds (OpenMetrics timestamps, `_created`). */
export function hrTimeToSeconds(time: HrTime): string {
  const nanos = time[1];
  if (nanos === 0) return `${time[0]}`;
  // Millisecond precision keeps the string short; Prometheus stores milliseconds anyway.
  const millis = Math.round(nanos / 1e6);
  if (millis === 0) return `${time[0]}`;
  if (millis === 1000) return `${time[0] + 1}`;
  return `${time[0]}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

/** hrTimeToMillis converts an HrTime to integer milliseconds since the epoch. */
export function hrTimeToMillis(time: HrTime): number {
  return time[0] * 1000 + Math.round(time[1] / 1e6);
}
