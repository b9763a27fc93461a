import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale } from 'chart.js';
import { series, report } from './data.js';
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);
const [x, y] = series();
const canvas = document.createElement('canvas');
canvas.width = 800; canvas.height = 300;
document.body.append(canvas);
const t0 = performance.now();
new Chart(canvas, { type: 'line', data: { datasets: [{ data: x.map((v, i) => ({ x: v, y: y[i] })), borderColor: '#2563eb',
  pointRadius: 0, borderWidth: 1 }] }, options: { animation: false, responsive: false, parsing: false, normalized: true,
  scales: { x: { type: 'linear' } } } });
report(t0);
