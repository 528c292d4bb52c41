/** Number formatting for the table: times in adaptive units, bytes, ratios, spreads. */

export function fmtValue(v, unit) {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (unit === 'B') return `${Math.round(v).toLocaleString('en')} B`;
  if (v < 10) return `${v.toFixed(2)} ns`;
  if (v < 1e3) return `${v.toFixed(0)} ns`;
  if (v < 1e6) return `${(v / 1e3).toFixed(v < 1e4 ? 2 : 1)} µs`;
  if (v < 1e9) return `${(v / 1e6).toFixed(v < 1e7 ? 2 : 1)} ms`;
  return `${(v / 1e9).toFixed(2)} s`;
}

export function fmtRatio(r) {
  if (r === undefined || !Number.isFinite(r)) return '—';
  if (r >= 100) return `${r.toFixed(0)}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r.toFixed(2)}×`;
}

export function fmtSpread(s) {
  if (s === undefined || !Number.isFinite(s)) return '';
  return ` ±${Math.round(s * 100)}%`;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
