import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { series, report } from './data.js';
const data = series();
const t0 = performance.now();
new uPlot({ width: 800, height: 300, series: [{}, { stroke: '#2563eb', label: 'value' }] }, data, document.body);
report(t0);
