// report.js: the charts of the printable report (`clout report campaign NAME -o html`,
// docs/campaigns.md), drawn by uPlot like the dashboard's. The C writer inlines this bundle in one
// HTML file beside the report JSON (<script type="application/json" id="report">) and the tables
// as plain HTML, so the file prints without JavaScript; this only adds the charts: clicks,
// conversions and revenue per day (the report's "daily" series), the same per roster row, and
// each KPI's actual value as a share of its target. Every chart element carries data-points (how
// many values were drawn) for the tests.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './report.css';

const palette = ['#2563eb', '#dc2626', '#059669', '#d97706'];
const num = (v) => (v == null ? null : typeof v === 'string' ? Number(v) : v);

function bars(el, names, series, label) {
  const x = names.map((_, i) => i);
  const opts = {
    width: Math.max(320, Math.min(760, el.clientWidth || 680)), height: 240,
    scales: { x: { time: false, range: () => [-0.5, names.length - 0.5] } },
    axes: [{ values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? names[t] || '' : '')), splits: () => x },
      { size: 64 }],
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length],
      fill: palette[i % palette.length] + '99', width: 1,
      // overlapping bars, each narrower than the one before (a target behind its actual value)
      paths: uPlot.paths.bars({ size: [0.7 - 0.35 * i, 80] }),
      points: { show: false } }))],
    legend: { live: false },
  };
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  new uPlot(opts, [x, ...series.map((s) => s.values)], el);
  el.dataset.points = String(x.length * series.length);
}

// clicks and conversions per day (left axis) and revenue (right axis, the report's currency)
function daily(el, days, currency) {
  const x = days.map((d) => Date.parse(d.day + 'T00:00:00Z') / 1000);
  const opts = {
    width: Math.max(320, Math.min(760, el.clientWidth || 680)), height: 260,
    scales: { x: { time: true, range: (u, min, max) => (min === max ? [min - 86400, max + 86400] : [min, max]) }, y: {}, money: {} },
    axes: [{}, { scale: 'y', size: 56 }, { scale: 'money', side: 1, size: 64, grid: { show: false } }],
    series: [{}, { label: 'clicks', stroke: palette[0], width: 2, scale: 'y', points: { show: x.length < 60 } },
      { label: 'conversions', stroke: palette[1], width: 2, scale: 'y', points: { show: x.length < 60 } },
      { label: 'revenue (' + currency + ')', stroke: palette[2], width: 2, dash: [6, 4], scale: 'money', points: { show: x.length < 60 } }],
    legend: { live: false },
  };
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', 'clicks, conversions and revenue per day');
  new uPlot(opts, [x, days.map((d) => d.clicks), days.map((d) => num(d.conversions)), days.map((d) => num(d.revenue))], el);
  el.dataset.points = String(x.length * 3);
}

function draw() {
  const data = document.getElementById('report');
  if (!data) return;
  const r = JSON.parse(data.textContent);
  const rows = (r.rows || []).filter((row) => row.figures);
  const names = rows.map((row) => (row.row === 'withheld' ? 'withheld' : row.row === 'unassigned' ? 'not on the roster' : row.name));
  const byRow = document.getElementById('chart-rows');
  const perDay = document.getElementById('chart-daily');
  if (perDay && r.daily && r.daily.length) daily(perDay, r.daily, r.currency || '');
  const per = r.kind === 'person' ? 'campaign' : 'person';
  const figures = [['clicks', 'clicks'], ['conversions', 'conversions'], ['revenue', 'revenue (' + (r.currency || '') + ')']];
  if (byRow && rows.length)
    for (const [key, label] of figures) {
      const el = document.createElement('div');
      el.className = 'chart';
      el.dataset.figure = key;
      byRow.appendChild(el);
      bars(el, names, [{ label, values: rows.map((row) => num(row.figures[key])) }], label + ' per ' + per);
    }
  const kpis = (r.kpis || []).filter((k) => num(k.target) != null);
  const byKpi = document.getElementById('chart-kpis');
  if (byKpi && kpis.length) {
    // each KPI as a share of its target (100% = the target), so money, counts and ratios share an axis
    const pct = (v, t) => (v == null || !t ? null : (100 * v) / t);
    bars(byKpi, kpis.map((k) => k.metric), [
      { label: 'target (%)', values: kpis.map(() => 100) },
      { label: 'actual (% of target)', values: kpis.map((k) => pct(num(k.actual), num(k.target))) },
    ], 'each KPI: actual as a share of its target');
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
else draw();
