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

// x: seconds since the epoch (or plain numbers with time=false); series: [{label, values, color?, dash?}];
// bands: [[upperIndex, lowerIndex, fill]] (indexes into series, from 0).
export function TimeChart({ x, series, bands, label, height = 260, time = true, yLabel, log = false, xNames }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !x || !x.length) return undefined;
    const opts = {
      width: Math.max(280, el.clientWidth || 600), height,
      scales: { x: { time, range: (u, min, max) => (min === max ? [min - (time ? 86400 : 1), max + (time ? 86400 : 1)] : [min, max]) },
        y: log ? { distr: 3 } : {} },
      axes: [xNames ? { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? xNames[t] || '' : '')), splits: () => xNames.map((_, i) => i) } : {},
        { label: yLabel, size: 64, values: (u, ticks) => ticks.map(tickText) }],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: s.color || color(i), width: s.width || 2,
        dash: s.dash, fill: s.fill, points: { show: x.length < 60 } }))],
      bands: (bands || []).map(([a, b, fill]) => ({ series: [a + 1, b + 1], fill })),
      legend: { live: false },
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], el);
    el.dataset.points = String(x.length * series.length);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); plot.destroy(); };
  }, [x, series, bands, height, time, log]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
