import { html, render } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { rows, report } from './data.js';
const data = rows();
const t0 = performance.now();
render(html`<table><tbody>${repeat(data, (r) => r.handle, (r) => html`<tr><td>${r.handle}</td><td>${r.platform}</td>
<td>${r.followers}</td><td>${r.reach.toFixed(3)}</td><td>${r.relevance.toFixed(3)}</td><td>${r.resonance.toFixed(3)}</td>
<td>${r.flags}</td></tr>`)}</tbody></table>`, document.body);
report(t0);
