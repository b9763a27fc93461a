// Seeded data shared by every candidate: 10,000 table rows and a 10,000-point time series.
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}
export function rows(n = 10000) {
  const r = lcg(1), out = [];
  for (let i = 0; i < n; i++)
    out.push({ handle: '@account_' + i, platform: ['instagram', 'tiktok', 'youtube', 'x'][i % 4],
      followers: Math.floor(r() * 1e6), reach: r(), relevance: r(), resonance: r(), flags: r() < 0.1 ? 'fake' : '' });
  return out;
}
export function series(n = 10000) {
  const r = lcg(2), x = new Array(n), y = new Array(n);
  let v = 100;
  for (let i = 0; i < n; i++) {
    x[i] = 1.7e9 + i * 3600;
    v += r() - 0.5;
    y[i] = v;
  }
  return [x, y];
}
// Time from now to the next frame after the work (layout and paint included), in ms.
export function report(t0) {
  requestAnimationFrame(() => setTimeout(() => { window.__ms = performance.now() - t0; }, 0));
}
