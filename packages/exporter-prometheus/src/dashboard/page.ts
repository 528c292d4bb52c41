/**
 * The dashboard page: one self-contained HTML document (inline CSS, JS and SVG; no external
 * assets) that polls the JSON endpoint and redraws four charts. Every chart path carries
 * `data-points` (points drawn) so tests and curious users can read the state from the DOM.
 */

/** What the page needs to know; rendered into it as JSON. */
export interface DashboardPageConfig {
  /** Absolute path of the JSON endpoint. */
  dataPath: string;
  /** Poll interval in milliseconds. */
  intervalMillis: number;
  /** Heading, e.g. the service name. */
  title: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** renderDashboardPage returns the complete HTML document. */
export function renderDashboardPage(config: DashboardPageConfig): string {
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(config.title)} · golden signals</title>
<style>
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#6b7385;--grid:#e3e6ec}
@media (prefers-color-scheme:dark){:root{--bg:#14171c;--card:#1d2129;--fg:#e6e9ef;--muted:#98a0b0;--grid:#2c323d}}
body{margin:0;font:14px/1.4 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
header{padding:14px 20px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
h1{font-size:18px;margin:0}#status{color:var(--muted)}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px;padding:0 20px 20px}
section{background:var(--card);border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px #0002}
h2{font-size:13px;margin:0;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.now{font-size:22px;font-weight:600;margin:2px 0 6px;font-variant-numeric:tabular-nums}
.plot{position:relative}.plot svg{display:block;width:100%;height:160px}
.ymax{position:absolute;top:0;left:4px;font-size:11px;color:var(--muted)}
.legend{display:flex;gap:12px;font-size:12px;color:var(--muted);margin-top:4px}
.legend i{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
</style></head>
<body data-samples="0">
<header><h1>${escapeHtml(config.title)}</h1><span id="status">waiting for data…</span></header>
<main id="charts"></main>
<script>
(() => {
  const config = ${json};
  const charts = [
    { id: 'rate', title: 'Request rate', unit: 'req/s', series: [['rate', 'all', '#3b82f6'], ['errorRate', 'errors', '#ef4444']] },
    { id: 'errors', title: 'Error ratio', unit: '%', scale: 100, series: [['errorRatio', 'errors / requests', '#ef4444']] },
    { id: 'latency', title: 'Latency', unit: 'ms', scale: 1000, series: [['p50', 'p50', '#10b981'], ['p90', 'p90', '#f59e0b'], ['p99', 'p99', '#8b5cf6']] },
    { id: 'active', title: 'Active requests', unit: '', series: [['active', 'in flight', '#06b6d4']] },
  ];
  const W = 600, H = 160, NS = 'http://www.w3.org/2000/svg';
  const main = document.getElementById('charts');
  for (const c of charts) {
    const s = document.createElement('section');
    s.dataset.chart = c.id;
    s.innerHTML = '<h2></h2><div class="now">–</div><div class="plot"><span class="ymax"></span></div><div class="legend"></div>';
    s.querySelector('h2').textContent = c.title + (c.unit ? ' (' + c.unit + ')' : '');
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('preserveAspectRatio', 'none');
    for (let i = 1; i <= 4; i++) {
      const g = document.createElementNS(NS, 'line');
      g.setAttribute('x1', 0); g.setAttribute('x2', W); g.setAttribute('y1', (H * i) / 4); g.setAttribute('y2', (H * i) / 4);
      g.setAttribute('stroke', 'var(--grid)'); g.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.appendChild(g);
    }
    c.paths = c.series.map(([key, label, color]) => {
      const p = document.createElementNS(NS, 'path');
      p.dataset.series = key; p.dataset.points = '0';
      p.setAttribute('fill', 'none'); p.setAttribute('stroke', color); p.setAttribute('stroke-width', '2');
      p.setAttribute('vector-effect', 'non-scaling-stroke'); p.setAttribute('d', '');
      svg.appendChild(p);
      const l = document.createElement('span');
      l.innerHTML = '<i></i>'; l.firstChild.style.background = color; l.append(label);
      s.querySelector('.legend').appendChild(l);
      return p;
    });
    s.querySelector('.plot').appendChild(svg);
    main.appendChild(s);
    c.el = s;
  }
  const fmt = (v) => v == null ? '–' : Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  const niceMax = (v) => { if (!(v > 0)) return 1; const e = 10 ** Math.floor(Math.log10(v)); for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v) return m * e; return 10 * e; };
  function draw(samples) {
    document.body.dataset.samples = String(samples.length);
    if (samples.length === 0) return;
    // A scrolling window of at least 30 polls, so the first points do not fill the whole width.
    const t1 = samples[samples.length - 1].time, t0 = Math.min(samples[0].time, t1 - 30 * config.intervalMillis);
    const x = (t) => ((t - t0) / (t1 - t0 || 1)) * W;
    for (const c of charts) {
      const k = c.scale || 1;
      let max = 0;
      for (const sm of samples) for (const [key] of c.series) if (sm[key] != null) max = Math.max(max, sm[key] * k);
      const top = niceMax(max * 1.1);
      c.el.querySelector('.ymax').textContent = fmt(top) + (c.unit ? ' ' + c.unit : '');
      c.series.forEach(([key], i) => {
        let d = '', n = 0, pen = 'M';
        for (const sm of samples) {
          if (sm[key] == null) { pen = 'M'; continue; }
          d += pen + x(sm.time).toFixed(1) + ' ' + (H - (sm[key] * k / top) * H).toFixed(1) + ' ';
          pen = 'L'; n++;
        }
        c.paths[i].setAttribute('d', d.trim());
        c.paths[i].dataset.points = String(n);
      });
      const last = samples[samples.length - 1];
      c.el.querySelector('.now').textContent = c.series.map(([key, label]) => (c.series.length > 1 ? label + ' ' : '') + fmt(last[key] == null ? null : last[key] * k)).join('  ·  ') + (c.unit ? ' ' + c.unit : '');
    }
  }
  const status = document.getElementById('status');
  async function poll() {
    try {
      const res = await fetch(config.dataPath, { cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const data = await res.json();
      draw(data.samples);
      status.textContent = data.samples.length ? 'updated ' + new Date().toLocaleTimeString() + ' · every ' + config.intervalMillis / 1000 + ' s' : 'waiting for data…';
    } catch (e) {
      status.textContent = 'cannot reach the metrics server (' + e.message + ')';
    }
    setTimeout(poll, config.intervalMillis);
  }
  poll();
})();
</script></body></html>
`;
}
