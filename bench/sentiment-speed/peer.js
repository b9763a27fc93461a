// peer.js: in-process throughput of the npm vader-sentiment package on the same posts file.
// Usage: node peer.js POSTS_FILE   (NODE_PATH must reach the scratch install of vader-sentiment)
const fs = require('fs');
const vader = require('vader-sentiment');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
for (let i = 0; i < Math.min(lines.length, 2000); i++)
  vader.SentimentIntensityAnalyzer.polarity_scores(lines[i]);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let sum = 0, positive = 0;
for (const line of lines) {
  const s = vader.SentimentIntensityAnalyzer.polarity_scores(line);
  sum += s.compound;
  if (s.compound >= 0.05) positive++;
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
const cpuSecs = (c.user + c.system) / 1e6;
console.log(`vader-sentiment ${Math.round(lines.length / cpuSecs)} posts/s of CPU time, ${Math.round(lines.length / secs)} posts/s wall (${cpuSecs.toFixed(3)} s CPU, ${secs.toFixed(3)} s wall, mean compound ${(sum / lines.length).toFixed(4)}, positive ${positive})`);
