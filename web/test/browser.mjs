// The dashboard's end-to-end tests: a real `clout serve` on loopback, on a store filled by
// `clout gen` (plus a hostile post), driven by playwright-core through Debian's chromium headless.
// Each check prints FAIL with what was expected; the exit status is 1 when any failed, 77 (skip)
// when chromium, the npm packages or the built dashboard are missing. Screenshots of every page
// go to $CLOUT_SCREENSHOTS (the build tree).
// Environment: CLOUT (the binary), CLOUT_WEB_MODULES (build/web/node_modules), CLOUT_CHROMIUM
// (default /usr/bin/chromium), CLOUT_SCREENSHOTS (default ./screenshots).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLOUT = process.env.CLOUT;
const modules = process.env.CLOUT_WEB_MODULES;
const chromiumPath = process.env.CLOUT_CHROMIUM || '/usr/bin/chromium';
const shots = process.env.CLOUT_SCREENSHOTS || 'screenshots';
const skip = (why) => { console.error('SKIP: ' + why); process.exit(77); };
try { accessSync(chromiumPath, constants.X_OK); } catch { skip(chromiumPath + ' is not installed (scripts/install-deps installs chromium)'); }
if (!modules || !existsSync(join(modules, 'playwright-core'))) skip('playwright-core is not in ' + modules + ' (the build runs npm ci when npm is found)');
const { chromium } = createRequire(join(modules, 'noop.js'))('playwright-core');

let passes = 0, failures = 0;
function ok(cond, what) {
  if (cond) passes++;
  else { failures++; console.error('FAIL: ' + what); }
  return cond;
}
const eq = (got, want, what) => ok(JSON.stringify(got) === JSON.stringify(want), `${what}: got ${JSON.stringify(got)}, wanted ${JSON.stringify(want)}`);

// ---- the store: generated sample data, a hostile post, users of two roles
const dir = mkdtempSync(join(tmpdir(), 'clout-browser-'));
const db = join(dir, 'browser.db');
function clout(args, input) {
  const r = spawnSync(CLOUT, ['--db', db, ...args], { input, encoding: 'utf8', env: { ...process.env, CLOUT_NO_PROGRESS: '1' } });
  if (r.status !== 0) throw new Error(`clout ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
clout(['gen', '--accounts', '400', '--seed', '3', '--out', join(dir, 'sample')]);
export const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> home cooking pasta recipe';
const firstAccount = JSON.parse(readFileSync(join(dir, 'sample', 'accounts.jsonl'), 'utf8').split('\n')[0]);
appendFileSync(join(dir, 'sample', 'posts.jsonl'), JSON.stringify({ type: 'post', platform: firstAccount.platform,
  id: 'hostile1', author: firstAccount.id, created_at: 1792022400, lang: 'en', text: HOSTILE, likes: 5, comments: 1, shares: 0 }) + '\n');
clout(['import', ...['accounts', 'posts', 'edges'].map((f) => join(dir, 'sample', f + '.jsonl'))]);
const users = { ana: ['manager', 'ana-password-1'], vic: ['viewer', 'vic-password-1'], ada: ['admin', 'ada-password-1'],
  bob: ['pr', 'bob-password-1', 'brand-b'], mia: ['analyst', 'mia-password-1'] };
// a person of the CRM who owns the first account (for contracts), when this build has the CRM
const hasCrm = spawnSync(CLOUT, ['crm', '--help'], { encoding: 'utf8' }).status === 0;
if (hasCrm) {
  clout(['crm', 'add', 'anna', '--account', '@' + firstAccount.handle]);
  clout(['crm', 'currency', 'EUR']);
}
for (const [name, [role, pw, ws]] of Object.entries(users))
  clout(['user', 'add', name, '--role', role, '--password-stdin', '--password-cost', 'min', ...(ws ? ['-w', ws] : [])], pw + '\n');
// mia works in two workspaces: default and brand-b
clout(['user', 'join', 'mia', '-w', 'brand-b']);

// ---- the server
const server = spawn(CLOUT, ['serve', '--listen', '127.0.0.1:0', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
const base = await new Promise((resolve, reject) => {
  server.stderr.on('data', (d) => {
    serverLog += d;
    const m = serverLog.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error('clout serve exited ' + code + ': ' + serverLog)));
});
{
  const r = await fetch(base + '/', { headers: { Accept: 'text/html' } });
  if (r.status === 404) { server.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); skip('clout was built without the dashboard'); }
}
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });

// A signed-out browser context whose page errors and console errors are collected.
async function open(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.errors = [];
  page.expected = []; // statuses a test provokes on purpose (a signed-out 401, a viewer's 403)
  // a failed request is reported by its response (with its URL); chromium's console line for it is not
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: .*status of \d+/.test(m.text())) page.errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !page.expected.includes(r.status())) page.errors.push(r.status() + ' ' + r.request().method() + ' ' + r.url());
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}
async function signIn(page, name, { workspace } = {}) {
  page.expected = [401]; // signed out: /api/v1/me
  await page.goto(base + '/signin');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(users[name][1]);
  if (workspace) await page.getByLabel('Workspace').fill(workspace);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user').waitFor();
  page.expected = [];
}
// Opens path and waits until its loading indicators are gone.
async function visit(page, path, shot) {
  await page.goto(base + path);
  await page.locator('#page-title').waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 60000 });
  if (shot) await page.screenshot({ path: join(shots, shot + '.png'), fullPage: true });
}
const tests = [];
const test = (name, fn) => tests.push([name, fn]);

test('sign in: a wrong password is said in words; the right one opens the overview', async () => {
  const page = await open();
  page.expected = [401]; // signed out: /api/v1/me and the wrong password
  await page.goto(base + '/discover?topic=x');
  await page.waitForURL(/\/signin\?next=/);
  ok(true, 'a signed-out visit goes to the sign-in page');
  await page.screenshot({ path: join(shots, 'signin.png') });
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  ok(/Signing in failed/.test(await alert.innerText()), 'the failed sign-in is explained');
  await page.getByLabel('Password').fill(users.ana[1]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user').waitFor();
  eq(await page.getByTestId('user').innerText(), 'ana', 'the header names the user');
  ok(new URL(page.url()).pathname === '/discover', 'after signing in, the page asked for opens (' + page.url() + ')');
  eq(page.errors, [], 'console errors');
});

test('overview: counts of the store, keyboard reachable navigation, sign out', async () => {
  const page = await open();
  await signIn(page, 'ana');
  await visit(page, '/', 'overview');
  ok(Number((await page.getByTestId('count-accounts').innerText()).replace(/,/g, '')) >= 400, 'the accounts are counted');
  // the overview leads to every page of the menu the role may open
  const menu = (await page.locator('#main-nav a').allInnerTexts()).filter((t) => t !== 'Overview');
  eq(await page.locator('ul.links a').allInnerTexts(), menu, 'the overview links every page of the menu');
  eq(await page.evaluate(() => document.activeElement.id), 'page-title', 'a new page puts the focus on its title');
  const tabs = [];
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('Shift+Tab');
    tabs.push(await page.evaluate(() => document.activeElement.textContent.trim()));
  }
  eq(tabs[0], 'Sign out', 'Shift+Tab from the title reaches the header');
  ok((await page.locator('#main-nav a').allInnerTexts()).includes(tabs[1]), 'then the menu (' + tabs[1] + ')');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
  page.expected = [401];
  const r = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  eq(r, 401, 'after signing out the session is gone');
  eq(page.errors, [], 'console errors');
});

test('reports: charts and tables; a manager creates a tracking link; hostile names are inert', async () => {
  const page = await open();
  await signIn(page, 'ana');
  await visit(page, '/reports');
  await page.getByText('New tracking link').click();
  await page.getByLabel('Destination URL').fill('https://shop.example.com/p');
  await page.getByLabel('Campaign (optional)').fill('<img src=x onerror="window.__pwned=1">spring');
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.getByRole('status').filter({ hasText: 'Created' }).waitFor();
  await visit(page, '/reports?group=campaign', 'reports');
  const cell = page.locator('table.data td', { hasText: 'spring' });
  ok((await cell.innerText()).includes('<img src=x'), 'the campaign name is shown as text');
  eq(await page.evaluate(() => window.__pwned), undefined, 'the hostile name ran nothing');
  eq(await page.locator('table.data img').count(), 0, 'no element was made from it');
  eq(page.errors, [], 'console errors');
});

// Whether a chart element holds a canvas with drawn (non-transparent) pixels.
// How many pixels the chart's canvas under sel has drawn, once it has drawn any (charts draw after
// their data arrives, which a slow server, e.g. under the sanitizers, delays): 0 after 15 s.
const chartDrawn = async (page, sel) => {
  const count = (sel) => {
    const c = document.querySelector(sel + ' canvas');
    if (!c || !c.width) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  };
  // polled from here: an in-page waitForFunction would need eval, which the page's CSP forbids
  let n = 0;
  for (let tries = 0; tries < 150 && (n = await page.evaluate(count, sel)) <= 100; tries++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return n;
};

test('discovery: ranked rows, sorted by a header, opened with the keyboard', async () => {
  const page = await open();
  await signIn(page, 'ana');
  await visit(page, '/discover?topic=home%20cooking&min_followers=0&limit=500', 'discover');
  // the filters' inputs line up, whether or not a hint hangs below them
  const tops = await page.locator('form.filters').evaluate((f) => ['Topic', 'Platform', 'Country'].map((l) =>
    [...f.querySelectorAll('label')].find((e) => e.textContent === l)).map((e) => Math.round(document.getElementById(e.htmlFor).getBoundingClientRect().top)));
  eq(new Set(tops).size, 1, 'Topic, Platform and Country inputs at one height (' + tops.join(', ') + ')');
  const rows = Number(await page.getAttribute('.vtable', 'aria-rowcount')) - 1;
  ok(rows >= 3, 'ranked rows are shown (' + rows + ')');
  eq(await page.locator('.vtable .vbody .vrow').first().locator('.vcell').first().innerText(), '1', 'the first row is rank 1');
  await page.getByRole('button', { name: 'followers', exact: true }).click();
  eq(await page.getAttribute('[role=columnheader]:has(button[title="sort by followers"])', 'aria-sort'), 'descending', 'sorted by followers');
  ok(/sort=followers/.test(page.url()), 'the sort is in the URL');

  const f = await page.locator('.vtable .vbody .vrow').evaluateAll((els) => els.slice(0, 3).map((e) => e.children[4].textContent));
  const num = (t) => parseFloat(t) * (t.endsWith('M') ? 1e6 : t.endsWith('k') ? 1e3 : 1);
  ok(num(f[0]) >= num(f[1]) && num(f[1]) >= num(f[2]), 'followers descend: ' + f.join(', '));
  // every header reads in full, with the sort arrow too, at 1280 wide
  const cut = () => page.locator('[role=columnheader]').evaluateAll((els) => els.filter((el) => {
    const b = el.querySelector('button') || el;
    return el.scrollWidth > el.clientWidth || b.scrollWidth > b.clientWidth;
  }).map((el) => el.textContent + ' (' + el.scrollWidth + '/' + el.clientWidth + 'px)'));
  eq(await cut(), [], 'column headers cut short (sorted by followers)');
  await page.getByRole('button', { name: 'relevance', exact: true }).click();
  eq(await cut(), [], 'column headers cut short (sorted by relevance)');
  await page.locator('.vtable .vbody').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/accounts\//);
  await page.locator('#page-title').waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  ok((await page.locator('#page-title').innerText()).startsWith('@'), 'Enter opened the account page');
  ok(await page.getByTestId('vs-norm').isVisible(), 'the account page shows engagement against the tier norm');
  await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });
  await page.goBack();
  await page.locator('.vtable .vbody .vrow').first().waitFor();
  ok(/topic=home/.test(page.url()), 'Back returns to the ranking');
  eq(page.errors, [], 'console errors');
});

test('account page: a hostile post text is shown as text and runs nothing', async () => {
  const page = await open();
  await signIn(page, 'ana');
  await visit(page, '/accounts/' + encodeURIComponent(firstAccount.platform + ':' + firstAccount.id) + '?topic=home%20cooking');
  const texts = await page.locator('.post .text').allInnerTexts();
  ok(texts.includes(HOSTILE), 'the post\'s text is shown exactly, tags and all');
  eq(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
  eq(await page.locator('.post img, .post script').count(), 0, 'no element was made from the text');
  await page.screenshot({ path: join(shots, 'account-hostile.png'), fullPage: true });
  eq(page.errors, [], 'console errors');
});

test('discovery: an unknown filter value is an error in words, an unmatched topic an empty state', async () => {
  const page = await open();
  await signIn(page, 'ana');
  page.expected = [400]; // the API refuses the country
  await visit(page, '/discover?topic=home%20cooking&country=France');
  ok(/failed/.test(await page.getByRole('alert').innerText()), 'the API error is shown: ' + await page.getByRole('alert').innerText());
  await visit(page, '/discover?topic=zzqxjv%20wqpfk');
  ok((await page.locator('.empty').count()) >= 1, 'an empty state for a topic nobody posts about');
  eq(page.errors, [], 'console errors');
});

test('planner: a roster with its guarantee, the overlap heatmap and the forecast band', async () => {
  const page = await open();
  await signIn(page, 'ana');
  await visit(page, '/plan');
  await page.getByLabel('Budget').fill('5');
  await page.getByRole('button', { name: 'Plan' }).click();
  await page.getByTestId('roster').waitFor({ timeout: 120000 });
  const n = await page.locator('[data-testid=roster] tbody tr').count();
  ok(n >= 2, 'a roster of several accounts (' + n + ')');
  eq(await page.locator('[data-testid=heatmap] tbody td').count(), n * n, 'the heatmap has a cell per pair');
  const names = await page.locator('[data-testid=roster] tbody td a').allInnerTexts();
  ok(names.length === n && names.every((t) => t.startsWith('@')), 'the roster names accounts by their handles: ' + names.join(', '));
  ok((await page.locator('[data-testid=heatmap] tbody th').allInnerTexts()).every((t) => t.startsWith('@')), 'and so does the heatmap');
  ok(await page.getByTestId('guarantee').isVisible(), 'the guarantee is shown');
  ok((await chartDrawn(page, 'figure .chart')) > 100, 'the forecast band chart has drawn pixels');
  const fx = await page.locator('figure .chart').last().evaluate((el) => [Number(el.dataset.xFrom), Number(el.dataset.xTo)]);
  eq([fx[0], fx[1] % 1], [-0.5, 0.5], 'the forecast\'s x axis leaves half a step either side, so the first and last stage names fit (' + fx + ')');
  ok(/budget=5/.test(page.url()), 'the plan\'s form is in the URL');
  await page.screenshot({ path: join(shots, 'plan.png'), fullPage: true });
  eq(page.errors, [], 'console errors');
});

// The permissions the server knows for a manager (campaigns and listening come with their modules).
async function perms(page) { return page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).permissions); }

test('campaigns: create one, add a contract, its clicks drawn over time, the viewer sees no edit control', async () => {
  const page = await open();
  await signIn(page, 'ana');
  if (!(await perms(page)).includes('campaigns:write')) return 'skip: this server has no campaign routes';
  await visit(page, '/campaigns');
  ok((await page.locator('.empty').count()) === 1, 'an empty state before the first campaign');
  const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
  await page.getByText('New campaign').click();
  await page.getByLabel('Name').fill('spring-launch');
  await page.getByLabel('Start').fill(day(-10));
  await page.getByLabel('End').fill(day(30));
  await page.getByLabel('Budget').fill('1000');
  await page.getByLabel('KPI targets (optional)').fill('clicks=3@' + day(20));
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL(/\/campaigns\/spring-launch$/);
  await page.getByTestId('kpis').waitFor();
  ok((await page.getByTestId('kpis').innerText()).includes('clicks'), 'the KPI target is listed with its status');
  // a tracking link of the campaign, clicked three times by a browser
  const code = await page.evaluate(async () => (await (await fetch('/api/v1/links', { method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': localStorage.getItem('clout.csrf') },
    body: JSON.stringify({ url: 'https://shop.example.com/spring', campaign: 'spring-launch' }) })).json()).code);
  for (let i = 0; i < 3; i++)
    await fetch(base + '/r/' + code, { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'X-Test': String(i) } });
  if (hasCrm) {
    await page.getByLabel('Person').fill('anna');
    await page.getByLabel('Flat fee').fill('200');
    await page.getByRole('button', { name: 'Add contract' }).click();
    await page.getByTestId('contracts').waitFor();
    ok((await page.getByTestId('contracts').innerText()).includes('200'), 'the contract is listed with its fee');
    // a deliverable on anna's contract, from the form, then its status changed in place
    await page.getByLabel('Deliverable of').selectOption('anna');
    await page.getByLabel('Format').selectOption('reel');
    await page.getByLabel('Due').fill(day(5));
    await page.getByRole('button', { name: 'Add deliverable' }).click();
    await page.getByTestId('deliverable').waitFor();
    ok((await page.getByTestId('deliverable').innerText()).includes('reel on instagram, due ' + day(5)), 'the deliverable is listed on the contract');
    await page.getByLabel('Status of the reel on instagram due ' + day(5)).selectOption('submitted');
    await page.waitForFunction(() => document.querySelector('[data-testid=deliverable] select').value === 'submitted');
    // the calendar reloads after each write: first the new deliverable (draft), then its new status
    const dueEvent = page.locator('[data-testid=calendar] li', { hasText: 'reel on instagram' });
    await dueEvent.filter({ hasText: '(submitted)' }).waitFor({ timeout: 15000 }).catch(() => {});
    ok((await dueEvent.innerText()).includes('(submitted)'), 'the calendar shows its due day and the new status: ' + await dueEvent.innerText());
  }
  await visit(page, '/campaigns/spring-launch');
  await page.getByTestId('campaign-charts').waitFor();
  ok((await chartDrawn(page, '[data-testid=campaign-charts] figure')) > 100, 'the clicks chart has drawn content');
  // the clicks are all today: the time axis covers the campaign's 40 days, not years around one point
  const [from, to] = await page.locator('[data-testid=campaign-charts] .chart').first().evaluate((el) => [Number(el.dataset.xFrom), Number(el.dataset.xTo)]);
  eq([new Date(from * 1000).toISOString().slice(0, 10), (to - from) / 86400], [day(-10), 40], 'the clicks chart spans the campaign (start, days)');
  const printable = await page.getByTestId('printable').getAttribute('href');
  ok(/\/api\/v1\/reports\/campaigns\/spring-launch\?format=html$/.test(printable), 'the campaign links its printable report: ' + printable);
  const html = await page.evaluate(async (href) => { const r = await fetch(href); return [r.status, r.headers.get('content-type'), (await r.text()).includes('spring-launch')]; }, printable);
  eq(html, [200, 'text/html; charset=utf-8', true], 'the printable report opens');
  ok((await page.getByTestId('links').innerText()).includes(code), 'the tracking link is listed');
  ok((await page.getByTestId('calendar').innerText()).includes('spring-launch'), 'the calendar shows the campaign');
  await page.screenshot({ path: join(shots, 'campaign.png'), fullPage: true });
  if (hasCrm && (await perms(page)).includes('people:write')) {
    // anna keeps her data in the workspace: the report withholds her on screen too
    const st = await page.evaluate(async () => (await fetch('/api/v1/people/anna/consent', { method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': localStorage.getItem('clout.csrf') },
      body: JSON.stringify({ consent: 'in', sharing: 'none' }) })).status);
    eq(st, 200, 'anna\'s sharing set to none');
    await visit(page, '/campaigns/spring-launch');
    const rows = await page.getByTestId('report-rows').innerText();
    ok(rows.includes('withheld') && !rows.includes('anna'), 'the report shows a withheld row, not her name: ' + rows.replace(/\s+/g, ' '));
  }
  eq(page.errors, [], 'console errors');
  const viewer = await open();
  await signIn(viewer, 'vic');
  await visit(viewer, '/campaigns/spring-launch');
  eq(await viewer.locator('[data-edit]').count(), 0, 'a viewer sees no edit control on the campaign');
  await visit(viewer, '/campaigns');
  eq(await viewer.locator('[data-edit]').count(), 0, 'nor on the list');
  eq(viewer.errors, [], 'console errors (viewer)');
});

test('relationships: a person dragged to partner, the history kept, an interaction logged; the viewer only looks', async () => {
  const page = await open();
  await signIn(page, 'ana');
  if (!hasCrm || !(await perms(page)).includes('people:write')) return 'skip: this server has no people routes';
  await visit(page, '/relationships');
  const card = page.locator('.pcard[data-person="anna"]');
  eq(await card.evaluate((el) => el.closest('.stage').dataset.stage), 'identified', 'anna starts in identified');
  await card.dragTo(page.locator('.stage[data-stage="partner"]'));
  await page.waitForFunction(() => {
    const c = document.querySelector('.pcard[data-person="anna"]');
    return c && c.closest('.stage').dataset.stage === 'partner';
  });
  ok(true, 'dragged to partner');
  await page.getByLabel('Move anna to').selectOption('negotiating');
  await page.waitForFunction(() => document.querySelector('.pcard[data-person="anna"]').closest('.stage').dataset.stage === 'negotiating');
  await page.getByLabel('Move anna to').selectOption('partner');
  await page.waitForFunction(() => document.querySelector('.pcard[data-person="anna"]').closest('.stage').dataset.stage === 'partner');
  ok(true, 'moved with the keyboard\'s select too');
  await page.screenshot({ path: join(shots, 'relationships.png'), fullPage: true });
  await card.getByRole('link', { name: 'anna' }).click();
  await page.getByTestId('stages').waitFor();
  const hist = await page.getByTestId('stages').innerText();
  ok(/partner/.test(hist) && /negotiating/.test(hist), 'the stage history keeps every move: ' + hist.replace(/\n/g, ' | '));
  await page.getByLabel('Note').fill('sent the brief <b>bold</b>');
  await page.getByRole('button', { name: 'Log' }).click();
  await page.getByTestId('interactions').waitFor();
  ok((await page.getByTestId('interactions').innerText()).includes('sent the brief <b>bold</b>'), 'the interaction is logged, its note as text');
  await page.screenshot({ path: join(shots, 'person.png'), fullPage: true });
  eq(page.errors, [], 'console errors');
  const viewer = await open();
  await signIn(viewer, 'vic');
  if ((await perms(viewer)).includes('people:read')) {
    await visit(viewer, '/relationships');
    eq(await viewer.locator('[data-edit], .pcard[draggable="true"]').count(), 0, 'a viewer cannot move or add people');
    await visit(viewer, '/people/anna');
    eq(await viewer.locator('[data-edit]').count(), 0, 'nor log on the person page');
  }
  eq(viewer.errors, [], 'console errors (viewer)');
});

test('listening: a rule, mentions ingested, assigned, noted and closed; share of voice drawn', async () => {
  const page = await open();
  await signIn(page, 'ana');
  const p = await perms(page);
  if (!p.includes('listen:write') || !p.includes('inbox:write')) return 'skip: this server has no listening routes';
  await visit(page, '/listening?tab=rules');
  await page.getByLabel('Name').fill('acme');
  await page.getByLabel('Expression').fill('acme');
  await page.getByLabel('Priority').selectOption('high');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByTestId('rules').waitFor();
  await page.getByLabel('Rule to try').fill('acme NOT kettle');
  await page.getByLabel('Sample posts, one a line').fill('acme is down again\nmy acme kettle\n<b>acme</b> rocks');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await page.getByTestId('rule-test').waitFor();
  eq(await page.locator('[data-testid=rule-test] li .status').allInnerTexts(), ['match', 'no match', 'match'], 'the rule tried on three posts');
  ok((await page.getByTestId('rule-test').innerText()).includes('<b>acme</b> rocks'), 'the sample is shown as text');
  eq((await page.getByTestId('rules').innerText()).includes('acme NOT kettle'), false, 'trying a rule saves nothing');
  const now = Math.floor(Date.now() / 1000);
  const lines = [0, 1, 2].map((i) => JSON.stringify({ type: 'post', platform: firstAccount.platform, id: 'acme' + i, author: firstAccount.id,
    created_at: now - 3600 * (i + 1), lang: 'en', text: i === 0 ? 'acme broke again <script>window.__pwned=1</script>' : 'love my new acme kettle ' + i })).join('\n') + '\n';
  const ingested = await page.evaluate(async (body) => (await fetch('/api/v1/ingest', { method: 'POST', body,
    headers: { 'Content-Type': 'application/x-ndjson', 'X-CSRF-Token': localStorage.getItem('clout.csrf') } })).status, lines);
  ok(ingested === 200 || ingested === 201, 'the posts were ingested (' + ingested + ')');
  await visit(page, '/listening');
  const items = page.getByTestId('mention');
  ok((await items.count()) >= 3, 'the inbox lists the mentions (' + await items.count() + ')');
  const first = items.first();
  await first.getByRole('button', { name: 'Assign to me' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=mention]').innerText.includes('owner ana'));
  await first.getByRole('textbox').fill('answered on the thread');
  await first.getByRole('button', { name: 'Note reply' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=mention]').innerText.includes('replied'));
  ok(true, 'assigned to ana and replied');
  await page.screenshot({ path: join(shots, 'listening.png'), fullPage: true });
  const before = await items.count();
  await first.getByRole('button', { name: 'Close' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=mention]').length === n - 1, before);
  ok(true, 'closed, it leaves the open inbox');
  eq(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
  await visit(page, '/listening?tab=sov');
  ok((await chartDrawn(page, 'figure')) > 100, 'share of voice is drawn');
  // the reports page follows the brand too: share of voice and the sentiment of its mentions
  await visit(page, '/reports');
  await page.getByTestId('report-sentiment').waitFor();
  ok((await chartDrawn(page, '[data-testid=report-sentiment]')) > 100, 'the reports page draws the sentiment of the brand\'s mentions');
  ok(Number(await page.locator('[data-testid=report-sentiment] .chart').getAttribute('data-points')) >= 3, 'positive, neutral and negative series');
  ok((await chartDrawn(page, '[data-testid=report-listening] figure')) > 100, 'and its share of voice');
  eq(await page.locator('[data-testid=report-listening] figure .chart').first().getAttribute('data-y-to'), '1', 'share of voice is drawn against 100%');
  if ((await perms(page)).includes('campaigns:write') && hasCrm) {
    ok((await page.getByTestId('printable-reports').innerText()).includes('spring-launch'), 'the reports page lists the campaign\'s printable report');
    await page.locator('[data-testid=printable-reports] [data-testid=roi]', { hasText: '%' }).first().waitFor();
    eq(await page.locator('[data-testid=printable-reports] [data-testid=roi]').first().innerText(), '-100%', 'spring-launch\'s ROI: 200 EUR spent, nothing earned yet');
    await page.getByTestId('report-roi').waitFor();
    ok((await chartDrawn(page, '[data-testid=report-roi]')) > 100, 'its ROI to date is drawn over time');
  }
  await page.screenshot({ path: join(shots, 'reports-listening.png'), fullPage: true });
  eq(page.errors, [], 'console errors');
});

// The session cookie of a page's context, and a request made with it alone from outside the browser.
const sessionCookie = async (page) => (await page.context().cookies()).find((c) => c.name === 'clout_session').value;
const meWith = async (cookie) => {
  const r = await fetch(base + '/api/v1/me', { headers: { Cookie: 'clout_session=' + cookie } });
  return [r.status, r.status === 200 ? await r.json() : null];
};

// Picks ws in the header's switcher and waits until the session acts there; fails the check when
// a password is asked for on the way.
async function switchTo(page, ws) {
  const asked = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame() && /\/signin/.test(f.url())) asked.push(f.url()); });
  await page.getByLabel('workspace').selectOption(ws);
  await page.waitForFunction((w) => document.querySelector('#ws-switch') && document.querySelector('#ws-switch').value === w &&
    !document.querySelector('#ws-switch').disabled, ws);
  await page.locator('[data-testid=workspace]', { hasText: ws }).waitFor();
  eq(asked, [], 'no sign-in page on the way to ' + ws);
  eq(await page.locator('input[type=password]').count(), 0, 'no password field after switching to ' + ws);
}

test('workspace switcher: a member of two workspaces and an admin switch without the password', async () => {
  const page = await open();
  await signIn(page, 'mia');
  await visit(page, '/campaigns');
  const sw = page.getByLabel('workspace');
  eq(await sw.inputValue(), 'default', 'the switcher shows the current workspace');
  eq((await sw.locator('option').allInnerTexts()).sort(), ['brand-b', 'default'], 'and the two workspaces mia is a member of');
  eq(await page.getByTestId('role').innerText(), 'analyst', 'the header shows the role in default');
  const before = await sessionCookie(page);
  await switchTo(page, 'brand-b');
  const after = await sessionCookie(page);
  ok(after !== before, 'the switch gave the browser a new session cookie');
  const [oldStatus] = await meWith(before);
  eq(oldStatus, 401, 'the cookie from before the switch no longer works');
  const [newStatus, me] = await meWith(after);
  eq(newStatus, 200, 'the new cookie works');
  eq(await page.getByTestId('role').innerText(), me.role, 'the header shows the role the server gives in brand-b');
  eq(me.role, 'analyst', 'mia\'s role in brand-b');
  ok(new URL(page.url()).pathname === '/campaigns', 'the page stays where it was (' + page.url() + ')');
  eq(await page.evaluate(async () => (await (await fetch('/api/v1/stats')).json()).accounts), 0, 'brand-b holds none of default\'s accounts');
  // the dashboard now sends the new session's CSRF token: an analyst's write in brand-b passes the
  // CSRF check and meets the role check
  page.expected = [403];
  const w = await page.evaluate(async () => {
    const r = await fetch('/api/v1/links', { method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': localStorage.getItem('clout.csrf') },
      body: JSON.stringify({ url: 'https://shop.example.com/b' }) });
    return [r.status, (await r.json()).error.code];
  });
  eq(w, [403, 'forbidden'], 'a write with the new CSRF token is refused for the role, not for CSRF');
  page.expected = [];
  await switchTo(page, 'default');
  await page.screenshot({ path: join(shots, 'workspace-switch.png') });
  const admin = await open();
  await signIn(admin, 'ada');
  await visit(admin, '/');
  await switchTo(admin, 'brand-b');
  eq(await admin.getByTestId('role').innerText(), 'admin', 'the admin is admin in brand-b');
  const bob = await open();
  await signIn(bob, 'bob', { workspace: 'brand-b' });
  eq(await bob.getByTestId('workspace').innerText(), 'brand-b', 'a member of one workspace sees its name, no switcher');
  eq(await bob.locator('#ws-switch').count(), 0, 'no switcher with one workspace');
  eq(page.errors.concat(admin.errors, bob.errors), [], 'console errors');
});

test('CSRF: a write with the session cookie and no token is refused; with the token it passes', async () => {
  const page = await open();
  await signIn(page, 'ana');
  const r = await page.evaluate(async () => {
    const body = JSON.stringify({ url: 'https://shop.example.com/csrf' });
    const no = await fetch('/api/v1/links', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const yes = await fetch('/api/v1/links', { method: 'POST', body,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': localStorage.getItem('clout.csrf') } });
    return [no.status, (await no.json()).error.code, yes.status];
  });
  eq(r, [403, 'csrf_required', 201], 'without / with X-CSRF-Token');
});

test('viewer: no edit controls, no planner, and the API refuses the edit anyway', async () => {
  const page = await open();
  await signIn(page, 'vic');
  for (const path of ['/', '/reports']) {
    await visit(page, path);
    eq(await page.locator('[data-edit]').count(), 0, 'edit controls on ' + path + ' for a viewer');
  }
  await page.screenshot({ path: join(shots, 'reports-viewer.png'), fullPage: true });
  eq(await page.locator('nav a', { hasText: 'Planner' }).count(), 0, 'the viewer has no planner in the menu');
  page.expected = [403];
  const r = await page.evaluate(async () => (await fetch('/api/v1/links', { method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': localStorage.getItem('clout.csrf') },
    body: JSON.stringify({ url: 'https://shop.example.com/v' }) })).status);
  eq(r, 403, 'a viewer\'s write through the API');
  eq(page.errors, [], 'console errors');
});

test('phone width: the menu folds and pages still work', async () => {
  const page = await open({ width: 390, height: 844 });
  await signIn(page, 'ana');
  await visit(page, '/');
  ok(!(await page.locator('#main-nav').isVisible()), 'the navigation is folded behind Menu');
  await page.getByRole('button', { name: 'Menu' }).click();
  ok(await page.locator('#main-nav').isVisible(), 'Menu opens it');
  await page.screenshot({ path: join(shots, 'overview-phone.png'), fullPage: true });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(wide <= 390, 'nothing is wider than the phone (' + wide + 'px)');
  eq(page.errors, [], 'console errors');
});

test('printable report: the -o html file opens offline and draws its charts with uPlot', async () => {
  const r = spawnSync(CLOUT, ['--db', db, 'report', 'campaign', 'spring-launch', '-o', 'html'], { encoding: 'utf8' });
  if (r.status !== 0) return 'skip: no campaign report here (' + r.stderr.trim() + ')';
  const file = join(dir, 'report.html');
  writeFileSync(file, r.stdout);
  const page = await open({ width: 1000, height: 900 });
  const outside = [];
  // the file must need nothing but itself: every other request is refused and listed
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === 'file://' + file) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto('file://' + file);
  await page.locator('#chart-kpis canvas').first().waitFor();
  await page.locator('#chart-rows [data-figure=clicks] canvas').first().waitFor();
  ok((await chartDrawn(page, '#chart-kpis')) > 100, 'the KPI chart has drawn content');
  ok((await chartDrawn(page, '#chart-rows [data-figure=clicks]')) > 100, 'the clicks chart has drawn content');
  ok((await chartDrawn(page, '#chart-daily')) > 100, 'the chart per day has drawn content');
  eq(await page.locator('#chart-daily').getAttribute('data-points'), '3', 'the chart per day: one day, three series');
  eq(await page.locator('#chart-kpis').getAttribute('data-points'), '2', 'the KPI chart draws target and actual of its one KPI');
  ok((await page.locator('table.totals').innerText()).includes('clicks'), 'the totals table is in the file');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(shots, 'report-print.png'), fullPage: true });
  eq(outside, [], 'requests outside the file');
  eq(page.errors, [], 'console errors');
});

const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
try {
  for (const [name, fn] of tests) {
    if (only && !only.test(name)) continue;
    const before = failures;
    let said;
    try { said = await fn(); } catch (e) { ok(false, name + ': ' + (e.stack || e)); }
    console.log((failures !== before ? 'FAIL ' : said ? 'SKIP ' : 'ok   ') + name + (said ? ' (' + said + ')' : ''));
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  if (!failures) rmSync(dir, { recursive: true, force: true });
  else console.error('kept the store and log in ' + dir);
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
