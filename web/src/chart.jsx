// chart.jsx: time-series charts drawn by uPlot (docs/dashboard.md says why uPlot): lines, and
// P10-P90 bands around a P50 line. The chart follows its container's width; the element carries
// an aria-label that says what it shows, and data-points (how many were drawn) for the tests.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

const palette = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];
export const color = (i) => palette[i % palette.length];
// 1234567 -> "1.23M": axis labels that fit their gutter
function tickText(v) {
  if (v == null || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 1e9) return +(v / 1e9).toPrecision(3) + 'G';
  if (a >= 1e6) return +(v / 1e6).toPrecision(3) + 'M';
  if (a >= 1e4) return +(v / 1e3).toPrecision(3) + 'k';
  return +v.toPrecision(3) + '';
}

// The x range drawn: the data's, widened to span (a [from, to] of the page's, e.g. a campaign's
// dates), and a day (or 1) either side of a single point. uPlot's own range for one point on a time
// scale pads it by 86,400,000 (a day in milliseconds, on a scale in seconds: years), so the range
// is worked out here from the data rather than from what uPlot passes.
function xRange(xs, span, time, named) {
  let lo = Math.min(xs[0], xs[xs.length - 1]), hi = Math.max(xs[0], xs[xs.length - 1]);
  if (span) { lo = Math.min(lo, span[0]); hi = Math.max(hi, span[1]); }
  // named points (forecast stages): half a step either side, so the first and last names fit
  if (named) return [lo - 0.5, hi + 0.5];
  const pad = time ? 3 * 86400 : 1; // days either side, so that a single day's axis reads in days, not hours
  return lo === hi ? [lo - pad, hi + pad] : [lo, hi];
}

// x: seconds since the epoch (or plain numbers with time=false); series: [{label, values, color?, dash?}];
// bands: [[upperIndex, lowerIndex, fill]] (indexes into series, from 0); span: [from, to] that the
// x axis covers at least; share: the values are fractions of a whole, drawn from 0 to 100%;
// percent: the values are ratios (an ROI), labelled as percentages on any range. The
// element carries data-x-from and data-x-to (the x range drawn) and, for a share, data-y-to.
export function TimeChart({ x, series, bands, label, height = 260, time = true, yLabel, log = false, xNames, span, share = false, percent = false }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !x || !x.length) return undefined;
    const opts = {
      width: Math.max(280, el.clientWidth || 600), height,
      scales: { x: { time, range: () => xRange(x, span, time, !!xNames) },
        y: log ? { distr: 3 } : share ? { range: [0, 1] } : {} },
      axes: [xNames ? { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? xNames[t] || '' : '')), splits: () => xNames.map((_, i) => i) } : {},
        { label: yLabel, size: 64, values: (u, ticks) => ticks.map(share || percent ? (t) => +(t * 100).toPrecision(3) + '%' : tickText) }],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: s.color || color(i), width: s.width || 2,
        dash: s.dash, fill: s.fill, points: { show: x.length < 60 } }))],
      bands: (bands || []).map(([a, b, fill]) => ({ series: [a + 1, b + 1], fill })),
      legend: { live: false },
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], el);
    el.dataset.points = String(x.length * series.length);
    [el.dataset.xFrom, el.dataset.xTo] = xRange(x, span, time, !!xNames).map(String);
    if (share) el.dataset.yTo = '1';
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); plot.destroy(); };
  }, [x, series, bands, height, time, log, share, percent, span && span[0], span && span[1]]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
