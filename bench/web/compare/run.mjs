// Measures the dashboard's candidate libraries: gzipped bundle size (JS+CSS, minified by esbuild)
// and the time from starting to render to the next frame, for a 10,000-row table (UI libraries)
// and a 10,000-point time series (chart libraries), median of 5 loads in headless chromium.
// Usage: npm ci && node run.mjs [CHROMIUM]   (default /usr/bin/chromium); prints a Markdown table.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const candidates = [
  ['UI', 'preact', 'ui-preact.js'], ['UI', 'lit', 'ui-lit.js'], ['UI', 'vanjs-core', 'ui-van.js'],
  ['chart', 'uPlot', 'chart-uplot.js'], ['chart', 'Chart.js', 'chart-chartjs.js'], ['chart', 'ECharts', 'chart-echarts.js'],
];
const runs = 5;
const executablePath = process.argv[2] || '/usr/bin/chromium';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const rows = [];
for (const [kind, name, entry] of candidates) {
  const base = entry.replace(/\.js$/, '');
  await build({ entryPoints: [join(here, 'src', entry)], bundle: true, minify: true, format: 'iife',
    outfile: join(out, base + '.js'), logLevel: 'error' });
  let gz = gzipSync(readFileSync(join(out, base + '.js')), { level: 9 }).length;
  const css = existsSync(join(out, base + '.css'));
  if (css)
    gz += gzipSync(readFileSync(join(out, base + '.css')), { level: 9 }).length;
  writeFileSync(join(out, base + '.html'), `<!doctype html><meta charset="utf-8">${css ? `<link rel="stylesheet" href="${base}.css">` : ''}` +
    `<body><script src="${base}.js"></script>`);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto('file://' + join(out, base + '.html'));
    await page.waitForFunction(() => window.__ms !== undefined, null, { timeout: 60000 });
    times.push(await page.evaluate(() => window.__ms));
    await page.close();
  }
  times.sort((a, b) => a - b);
  rows.push([kind, name, (gz / 1024).toFixed(1), times[runs >> 1].toFixed(0)]);
}
await browser.close();
console.log('| kind | library | JS+CSS gzip (kB) | render 10,000 (ms, median of 5) |');
console.log('|---|---|---:|---:|');
for (const r of rows)
  console.log(`| ${r.join(' | ')} |`);
