// bench/web/bench.mjs BUILD_DIR: see README.md. Prints Markdown tables.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const build = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
const modules = join(build, 'web', 'node_modules');
const req = createRequire(join(modules, 'noop.js'));
const { chromium } = req('playwright-core');
const esbuild = req('esbuild');
const RUNS = 5;
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];

// ---- sizes
const sizes = JSON.parse(readFileSync(join(build, 'web', 'dist', 'sizes.json'), 'utf8'));
console.log('| page | JS+CSS loaded, gzip (kB) |\n|---|---:|');
for (const [page, gz] of Object.entries(sizes.pages)) console.log(`| ${page} | ${(gz / 1024).toFixed(1)} |`);
console.log(`| all files | ${(sizes.total_gzip / 1024).toFixed(1)} |\n`);

// ---- a server on a small generated store, with a user
const dir = mkdtempSync(join(tmpdir(), 'clout-bench-web-'));
const db = join(dir, 'b.db');
const clout = (args, input) => {
  const r = spawnSync(join(build, 'clout'), ['--db', db, ...args], { input, encoding: 'utf8', env: { ...process.env, CLOUT_NO_PROGRESS: '1' } });
  if (r.status !== 0) throw new Error(r.stderr);
};
clout(['gen', '--accounts', '300', '--seed', '1', '--out', join(dir, 's')]);
clout(['import', ...['accounts', 'posts', 'edges'].map((f) => join(dir, 's', f + '.jsonl'))]);
clout(['user', 'add', 'bench', '--role', 'manager', '--password-stdin', '--password-cost', 'min'], 'bench-password\n');
const server = spawn(join(build, 'clout'), ['serve', '--listen', '127.0.0.1:0', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve) => {
  let log = '';
  server.stderr.on('data', (d) => { log += d; const m = log.match(/listening on (\S+)/); if (m) resolve(m[1]); });
});

// 10,000 rows in the shape of GET /api/v1/discover (the API returns at most 500 at a time).
let s = 7;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
const results = Array.from({ length: 10000 }, (_, i) => ({ rank: i + 1, platform: ['instagram', 'tiktok', 'youtube', 'twitter'][i % 4],
  id: String(1e15 + i), handle: 'account_' + i, name: 'Account ' + i, tier: 'micro', followers: Math.floor(rnd() * 1e6), lang: 'en',
  country: 'FR', price: Math.round(rnd() * 500), currency: 'EUR', score: 1 - i / 10000, penalty: 1, flags: rnd() < 0.1 ? ['dormant'] : [],
  relevance: { score: rnd() }, reach: { score: rnd() }, resonance: { score: rnd() } }));
const discoverDoc = JSON.stringify({ terms: 'bench', associated_terms: '', langs: 'en', candidates: 10000, matched: 10000,
  below_floor: 0, results });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function signedInPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + '/signin');
  await page.evaluate(async () => {
    const r = await fetch('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench', password: 'bench-password' }) });
    localStorage.setItem('clout.csrf', (await r.json()).csrf_token);
  });
  // the first frame drawn with rows in the grid, seen from inside the page (no driver round trips)
  await page.addInitScript(() => {
    const tick = () => {
      if (document.querySelector('.vtable .vbody .vrow')) requestAnimationFrame(() => { window.__rowsAt = performance.now(); });
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.route('**/api/v1/discover?**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: discoverDoc }));
  return page;
}
const first = [], interactive = [], sortMs = [], scrollMs = [];
for (let i = 0; i < RUNS; i++) {
  const page = await signedInPage();
  await page.goto(base + '/discover?topic=bench&limit=500');
  await page.waitForSelector('.vtable .vbody .vrow');
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcp: fcp ? fcp.startTime : NaN, now: performance.now(), start: nav.startTime };
  });
  // interactive: the rows are in and the frame after them has started (the main thread is free)
  await page.waitForFunction(() => window.__rowsAt !== undefined);
  const ready = await page.evaluate(() => window.__rowsAt);
  first.push(t.fcp);
  interactive.push(ready - t.start);
  const rows = await page.getAttribute('.vtable', 'aria-rowcount');
  if (rows !== '10001') throw new Error('the table has ' + rows + ' rows');
  sortMs.push(await page.evaluate(() => new Promise((r) => {
    const t0 = performance.now();
    document.querySelectorAll('.vhead button')[4].click(); // followers
    requestAnimationFrame(() => setTimeout(() => r(performance.now() - t0), 0));
  })));
  scrollMs.push(await page.evaluate(() => new Promise((r) => {
    const body = document.querySelector('.vbody');
    const t0 = performance.now();
    body.scrollTop = 34 * 5000;
    body.dispatchEvent(new Event('scroll'));
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(performance.now() - t0), 0)));
  })));
  await page.context().close();
}
// Preact's plain example: the same 10,000 rows as one table, no virtualisation.
const plainJs = join(dir, 'plain.js');
await esbuild.build({ entryPoints: [join(here, 'compare', 'src', 'ui-preact.js')], bundle: true, minify: true, format: 'iife',
  outfile: plainJs, nodePaths: [modules], logLevel: 'error' });
writeFileSync(join(dir, 'plain.html'), '<!doctype html><meta charset="utf-8"><body><script src="plain.js"></script>');
const plain = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto('file://' + join(dir, 'plain.html'));
  await page.waitForFunction(() => window.__ms !== undefined, null, { timeout: 60000 });
  plain.push(await page.evaluate(() => window.__ms));
  await page.close();
}
await browser.close();
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
const f = (a) => median(a).toFixed(0);
console.log(`| measure (median of ${RUNS}, headless chromium, 1280x800) | ms |\n|---|---:|`);
console.log(`| discovery: first contentful paint | ${f(first)} |`);
console.log(`| discovery: from navigation to 10,000 rows interactive (bundle, API answer, sort, first rows drawn) | ${f(interactive)} |`);
console.log(`| discovery: re-sort 10,000 rows by followers, to the next frame | ${f(sortMs)} |`);
console.log(`| discovery: jump 5,000 rows down, to the frame after | ${f(scrollMs)} |`);
console.log(`| Preact's plain example: render the 10,000-row table, to the next frame | ${f(plain)} |`);
