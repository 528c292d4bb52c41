/** formatNumber prints integers exactly and other values with six significant digits. */
export function formatNumber(v: number | undefined): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}
