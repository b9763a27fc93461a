import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { series, report } from './data.js';
echarts.use([LineChart, GridComponent, CanvasRenderer]);
const [x, y] = series();
const div = document.createElement('div');
div.style.width = '800px'; div.style.height = '300px';
document.body.append(div);
const t0 = performance.now();
echarts.init(div).setOption({ animation: false, xAxis: { type: 'value', min: 'dataMin', max: 'dataMax' }, yAxis: { type: 'value', scale: true },
  series: [{ type: 'line', showSymbol: false, data: x.map((v, i) => [v, y[i]]) }] });
report(t0);
