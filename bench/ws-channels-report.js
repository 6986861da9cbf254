#!/usr/bin/env node
'use strict';
// Tables for bench/ws-channels.sh: node bench/ws-channels-report.js RESULTS_DIR [RESULTS_DIR...]
// Per run: server CPU µs per delivery (the figure compared), throughput, latency, load; then, per scenario, the
// ratios b/a, c/b (and d/b, d/c) of CPU per delivery within each round (runs a minute apart, side by side), with
// their median and geometric mean. Several directories (sessions) are pooled; their rounds are named session.round.
const fs = require('fs');
const path = require('path');
const dirs = process.argv.slice(2);
const readLines = (f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rows = [];
dirs.forEach((dir, i) => {
  for (const r of readLines(path.join(dir, 'runs.jsonl'))) {
    const f = path.join(dir, r.label + '.jsonl');
    if (!fs.existsSync(f)) continue;
    const round = dirs.length > 1 ? `${i + 1}.${r.round}` : String(r.round);
    for (const s of readLines(f)) if (s.scenario !== 'warmup') rows.push({ ...s, ...r, round });
  }
});
const names = { a: 'a: no channels', b: 'b: channel, no history', c: 'c: channel + history', d: 'd: c + envelope' };
const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const scenarios = [...new Set(rows.map((r) => r.scenario))];
const out = [];
for (const sc of scenarios) {
  const here = rows.filter((x) => x.scenario === sc);
  out.push(`### ${sc}`, '');
  out.push('| round | variant | server CPU µs/delivery | deliveries/s | delivered | p50 ms | p99 ms | server CPU % | loadgen max thread % | machine busy % | load avg before |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of here) {
    out.push(`| ${r.round} | ${names[r.variant] || r.variant} | **${fmt(r.server_cpu_us_per_delivery, 3)}** | ${r.deliveries_per_s ?? '–'} | ${r.delivery_ratio === 1 ? '100%' : fmt(100 * r.delivery_ratio, 2) + '%'} | ${fmt(r.lat_p50_ms, 1)} | ${fmt(r.lat_p99_ms, 1)} | ${fmt(r.server_cpu_pct, 0)} | ${fmt(r.loadgen_max_thread_cpu_pct, 0)} | ${fmt(r.machine_busy_pct, 0)} | ${r.loadavg_before.split(' ')[0]} |` + (r.error ? ` ${r.error}` : ''));
  }
  out.push('');
  const rounds = [...new Set(here.map((x) => x.round))];
  const get = (v, rd) => here.find((x) => x.variant === v && x.round === rd);
  const pairs = [['b', 'a'], ['c', 'b'], ['c', 'a'], ['d', 'b'], ['d', 'c']].filter(([x, y]) => rounds.some((rd) => get(x, rd) && get(y, rd)));
  out.push('| ratio of CPU µs/delivery, same round | per round | n | median | geometric mean | range |');
  out.push('|---|---|---|---|---|---|');
  for (const [x, y] of pairs) {
    const rs = rounds.map((rd) => { const p = get(x, rd), q = get(y, rd); return p && q && q.server_cpu_us_per_delivery ? p.server_cpu_us_per_delivery / q.server_cpu_us_per_delivery : NaN; }).filter((v) => !Number.isNaN(v));
    out.push(`| ${x}/${y} | ${rs.map((v) => fmt(v, 2)).join(', ')} | ${rs.length} | **${fmt(median(rs), 3)}** | ${fmt(geomean(rs), 3)} | ${fmt(Math.min(...rs), 2)}–${fmt(Math.max(...rs), 2)} |`);
  }
  const vs = [...new Set(here.map((x) => x.variant))].sort();
  out.push('', '| variant | runs | CPU µs/delivery: median | min | max |', '|---|---|---|---|---|');
  for (const v of vs) {
    const xs = here.filter((r) => r.variant === v).map((r) => r.server_cpu_us_per_delivery);
    out.push(`| ${names[v] || v} | ${xs.length} | ${fmt(median(xs), 3)} | ${fmt(Math.min(...xs), 3)} | ${fmt(Math.max(...xs), 3)} |`);
  }
  out.push('');
}
console.log(out.join('\n'));
