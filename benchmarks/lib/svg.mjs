/**
 * A horizontal bar chart of the ratios (peer / Yardstick) on a log scale, as a hand-written SVG
 * string: bars right of the 1× line mean Yardstick is faster (or smaller).
 */
const PEERS = [
  { key: 'otel', label: 'vs OpenTelemetry JS', color: '#4f6bed' },
  { key: 'prom', label: 'vs prom-client', color: '#e8793a' },
  { key: 'map', label: 'vs plain Map', color: '#9aa0a6' },
];

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratiosSvg(rows, subtitle) {
  const shown = rows.filter((r) => PEERS.some((p) => Number.isFinite(r.ratios[p.key])));
  const labelW = 430;
  const plotW = 520;
  const barH = 7;
  const rowH = PEERS.length * (barH + 1) + 8;
  const top = 58;
  const height = top + shown.length * rowH + 40;
  const all = shown.flatMap((r) => PEERS.map((p) => r.ratios[p.key]).filter(Number.isFinite));
  const lo = Math.min(0.1, 10 ** Math.floor(Math.log10(Math.min(...all, 1))));
  const hi = Math.max(10, 10 ** Math.ceil(Math.log10(Math.max(...all, 1))));
  const x = (v) => labelW + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + 20}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-labelledby="chart-title">`,
    '<title id="chart-title">Yardstick speed-up and memory ratios against OpenTelemetry JS, prom-client and a plain Map</title>',
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Yardstick speed-up (peer time or heap ÷ Yardstick's), log scale</text>`,
    `<text x="10" y="38" fill="#555">${esc(subtitle)}</text>`,
  );
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    const gx = x(d).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${top - 8}" x2="${gx}" y2="${height - 34}" stroke="${d === 1 ? '#000' : '#ddd'}"/>`,
      `<text x="${gx}" y="${height - 22}" text-anchor="middle">${d >= 1 ? d : d.toFixed(2).replace(/0+$/, '')}×</text>`,
    );
  }
  shown.forEach((r, i) => {
    const y0 = top + i * rowH;
    out.push(`<text x="${labelW - 8}" y="${y0 + rowH / 2}" text-anchor="end">${esc(r.title)}</text>`);
    PEERS.forEach((p, j) => {
      const v = r.ratios[p.key];
      if (!Number.isFinite(v)) return;
      const y = y0 + j * (barH + 1);
      const a = Math.min(x(1), x(v));
      const w = Math.max(1, Math.abs(x(v) - x(1)));
      out.push(
        `<rect x="${a.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${p.color}"><title>${esc(`${r.title} ${p.label}: ${v.toFixed(2)}×`)}</title></rect>`,
      );
    });
  });
  const ly = height - 8;
  PEERS.forEach((p, j) => {
    const lx = 10 + j * 170;
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${p.color}"/>`,
      `<text x="${lx + 14}" y="${ly}">${p.label}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
