import van from 'vanjs-core';
import { rows, report } from './data.js';
const { table, tbody, tr, td } = van.tags;
const data = rows();
const t0 = performance.now();
van.add(document.body, table(tbody(data.map((r) => tr(td(r.handle), td(r.platform), td(r.followers),
  td(r.reach.toFixed(3)), td(r.relevance.toFixed(3)), td(r.resonance.toFixed(3)), td(r.flags))))));
report(t0);
