import { h, render } from 'preact';
import { rows, report } from './data.js';
const data = rows();
const t0 = performance.now();
render(h('table', null, h('tbody', null, data.map((r) => h('tr', { key: r.handle },
  h('td', null, r.handle), h('td', null, r.platform), h('td', null, r.followers),
  h('td', null, r.reach.toFixed(3)), h('td', null, r.relevance.toFixed(3)), h('td', null, r.resonance.toFixed(3)),
  h('td', null, r.flags))))), document.body);
report(t0);
