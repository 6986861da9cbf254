#!/usr/bin/env node
'use strict';
/*
 * Recovery benchmark (issue 22): N clients reconnect at once, each recovering M records it missed.
 *
 *   BLUEPRINT_JAR=cli/target/blueprint.jar node bench/ws-recovery.js [--clients 1000] [--missed 1000] [--runs 3]
 *   node bench/ws-recovery.js --port 9300 --pid <server pid>     # a server already running bench-recovery.yaml
 *
 * Needs the `ws` package (NODE_PATH=<bench kit>/node_modules, or npm install ws next to this file). Without --port it
 * starts Blueprint itself (java $JAVA_OPTS -jar $BLUEPRINT_JAR run blueprints/bench-recovery.yaml, RECOVERY_PORT=0)
 * and reads the port from its "listening on ws://HOST:PORT" line; it stops it at the end.
 *
 * One warm-up round (200 clients x 200 records, not reported), then per run, all on channel r:
 *   1. N clients connect to /ws?channel=r, a publisher (on /ws, no channel) sends one record; each client keeps the
 *      offset and epoch of the envelope it gets.
 *   2. The clients close; the publisher sends M records {"channel":"r","n":i}; a witness client on the channel
 *      waits for all M (so they are all in the history before anyone comes back).
 *   3. All N reconnect in the same tick with ?channel=r&since=<last>&epoch=<epoch>. Measured: time from the first
 *      connect to the last client's M-th record (caught up), and the server's CPU (utime+stime of /proc/PID/stat,
 *      all threads) over the same span. Every client must get exactly offsets last+1..last+M, in order, with its
 *      epoch, and nothing else (checked for 500 ms more after the last one caught up).
 *   4. Control: the N close and reconnect with since = the channel's top (nothing missed): the handshake and
 *      subscription cost alone, to subtract.
 * Output: one JSON line per run on stdout (and the summary), progress on stderr.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
let WebSocket;
try { WebSocket = require('ws'); } catch { WebSocket = require(path.join(process.cwd(), 'node_modules', 'ws')); }

const args = (() => {
  const a = {};
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
  return a;
})();
const N = Number(args.clients || 1000);
const M = Number(args.missed || 1000);
const RUNS = Number(args.runs || 3);
const CHANNEL = args.channel || 'r';
const ROOT = path.resolve(__dirname, '..');
const JAR = process.env.BLUEPRINT_JAR || path.join(ROOT, 'cli/target/blueprint.jar');
const BLUEPRINT = args.blueprint || path.join(ROOT, 'blueprints/bench-recovery.yaml');
const CLK_TCK = 100;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...x) => console.error('[recovery]', ...x);
const cpuS = (pid) => {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
};
/** CPU seconds of each thread of pid, by "name/tid". */
const threadCpu = (pid) => {
  const out = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const s = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(`${name}/${tid}`, (Number(f[11]) + Number(f[12])) / CLK_TCK);
    } catch { /* thread gone */ }
  }
  return out;
};
/** The threads that took most CPU between two threadCpu readings. */
const topThreads = (a, b, n = 4) => [...b].map(([k, v]) => [k, v - (a.get(k) || 0)]).sort((x, y) => y[1] - x[1]).slice(0, n)
  .map(([k, v]) => `${k.replace(/\/\d+$/, '')} ${v.toFixed(2)}`);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const pct = (xs, p) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const r3 = (x) => Math.round(x * 1000) / 1000;

async function startServer() {
  const proc = spawn('java', [...(process.env.JAVA_OPTS || '-Xmx2g').split(/\s+/).filter(Boolean), '-jar', JAR, 'run', '--http', 'off', BLUEPRINT],
    { env: { ...process.env, RECOVERY_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = fs.createWriteStream(args.log || '/dev/null');
  proc.stdout.pipe(logFile);
  let err = '';
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no "listening on" line in 60 s:\n' + err)), 60000);
    proc.stderr.on('data', (d) => {
      logFile.write(d);
      err += d;
      const m = /ws - listening on wss?:\/\/[^:]+:(\d+)/.exec(err);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
    proc.on('exit', (c) => { clearTimeout(t); reject(new Error('blueprint exited ' + c + ':\n' + err)); });
  });
  return { proc, port, pid: proc.pid };
}

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 60000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const closeAll = (socks) => Promise.all(socks.map((ws) => new Promise((r) => {
  if (ws.readyState === WebSocket.CLOSED) return r();
  ws.once('close', r);
  ws.close();
})));
const OFFSET = /"offset":(\d+)/;

/** Sends m records on the channel and waits until the witness has the last one; returns the channel's top. */
async function publish(pub, witness, m) {
  const done = new Promise((resolve) => {
    let n = 0, top = 0;
    const on = (d) => { n++; top = Number(OFFSET.exec(d.toString())[1]); if (n === m) { witness.off('message', on); resolve(top); } };
    witness.on('message', on);
  });
  for (let i = 1; i <= m; i++) pub.send(`{"channel":"${CHANNEL}","n":${i},"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`);
  return done;
}

/**
 * Reconnects every client at once with since/epoch; resolves when each has got `expect` records, checking each one.
 * expect 0: resolves when all are open (plus a settle time checking that nothing arrives).
 */
async function reconnect(base, states, expect, pid) {
  const n = states.length;
  const bad = { order: 0, epoch: 0, failed: 0, extra: 0, other: 0, firstError: '' };
  const doneAt = new Array(n).fill(0);
  let caughtUp = 0, opened = 0, lastOpenAt = 0;
  let resolveAll;
  const all = new Promise((r) => { resolveAll = r; });
  const socks = new Array(n);
  const cpu0 = cpuS(pid);
  const threads0 = threadCpu(pid);
  const me0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const st = states[i];
    const epochText = `"epoch":"${st.epoch}"`;
    let next = st.last + 1;
    const end = st.last + expect;
    const ws = new WebSocket(`${base}?channel=${CHANNEL}&since=${st.last}&epoch=${st.epoch}`, { perMessageDeflate: false, handshakeTimeout: 120000 });
    socks[i] = ws;
    ws.on('open', () => { opened++; lastOpenAt = performance.now(); if (expect === 0 && opened === n) resolveAll(); });
    ws.on('error', (e) => { bad.other++; bad.firstError = bad.firstError || 'client ' + i + ': ' + e.message; });
    ws.on('message', (d) => {
      const s = d.toString();
      const m = OFFSET.exec(s);
      if (m === null) {
        if (s.includes('recover_failed')) bad.failed++; else bad.other++;
        bad.firstError = bad.firstError || 'client ' + i + ': ' + s.slice(0, 200);
        return;
      }
      const off = Number(m[1]);
      if (next > end) { bad.extra++; bad.firstError = bad.firstError || `client ${i}: extra offset ${off} after ${end}`; return; }
      if (off !== next) { bad.order++; bad.firstError = bad.firstError || `client ${i}: offset ${off}, expected ${next}`; }
      if (!s.includes(epochText)) { bad.epoch++; bad.firstError = bad.firstError || `client ${i}: another epoch in ${s.slice(0, 120)}`; }
      next = off + 1;
      if (next > end) {
        doneAt[i] = performance.now() - t0;
        st.last = end;
        if (++caughtUp === n) resolveAll();
      }
    });
  }
  const timeout = sleep(180000).then(() => 'timeout');
  const outcome = await Promise.race([all.then(() => 'ok'), timeout]);
  const t1 = performance.now();
  const cpu1 = cpuS(pid);
  const me = process.cpuUsage(me0);
  const threads = topThreads(threads0, threadCpu(pid));
  await sleep(500); // anything more now would be a duplicate or a stray
  const res = {
    outcome, wall_s: r3((t1 - t0) / 1000), server_cpu_s: r3(cpu1 - cpu0), client_cpu_s: r3((me.user + me.system) / 1e6), all_open_s: r3((lastOpenAt - t0) / 1000),
    caught_up: caughtUp, opened, bad, server_top_threads_cpu_s: threads,
  };
  if (expect > 0 && caughtUp) {
    const ts = doneAt.filter((x) => x > 0);
    res.client_caught_up_s = { p50: r3(pct(ts, 0.5) / 1000), p99: r3(pct(ts, 0.99) / 1000), max: r3(Math.max(...ts) / 1000) };
  }
  return { res, socks };
}

async function measureRun(base, pid, n, m, label) {
  const pub = await open(base);
  const witness = await open(`${base}?channel=${CHANNEL}`);
  // 1. subscribe and learn offset and epoch
  const socks0 = [];
  for (let i = 0; i < n; i += 200) {
    socks0.push(...await Promise.all(Array.from({ length: Math.min(200, n - i) }, () => open(`${base}?channel=${CHANNEL}`))));
  }
  const first = socks0.map((ws) => new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString())))));
  const primed = new Promise((resolve) => witness.once('message', resolve));
  pub.send(JSON.stringify({ channel: CHANNEL, n: 0, prime: true }));
  await primed;
  const states = (await Promise.all(first)).map((e) => ({ last: e.offset, epoch: e.epoch }));
  // 2. away: close, then M records go by
  await closeAll(socks0);
  await sleep(300);
  const top = await publish(pub, witness, m);
  if (!states.every((s) => s.last + m === top)) throw new Error(`offsets moved unexpectedly: top ${top}, a client at ${states[0].last}`);
  await sleep(300);
  const load = loadavg();
  // 3. all back at once
  const { res, socks } = await reconnect(base, states, m, pid);
  await closeAll(socks);
  await sleep(300);
  // 4. control: back again with nothing missed
  const ctl = await reconnect(base, states, 0, pid);
  await closeAll(ctl.socks);
  pub.close(); witness.close();
  await sleep(300);
  const delivered = n * m;
  const out = {
    label, clients: n, missed_each: m, records_recovered: res.caught_up * m, loadavg_before: load,
    outcome: res.outcome, time_to_caught_up_s: res.wall_s, all_open_s: res.all_open_s, client_caught_up_s: res.client_caught_up_s,
    server_cpu_s: res.server_cpu_s, server_top_threads_cpu_s: res.server_top_threads_cpu_s, client_cpu_s: res.client_cpu_s, records_per_server_cpu_s: res.server_cpu_s > 0 ? Math.round(delivered / res.server_cpu_s) : null,
    control_reconnect_nothing_missed: { wall_s: ctl.res.wall_s, server_cpu_s: ctl.res.server_cpu_s, opened: ctl.res.opened, bad: ctl.res.bad },
    records_per_server_cpu_s_net_of_control: res.server_cpu_s - ctl.res.server_cpu_s > 0 ? Math.round(delivered / (res.server_cpu_s - ctl.res.server_cpu_s)) : null,
    checks: res.bad, ok: res.outcome === 'ok' && res.caught_up === n && Object.entries(res.bad).every(([k, v]) => k === 'firstError' || v === 0),
  };
  return out;
}

async function main() {
  let server = null, port = Number(args.port || 0), pid = Number(args.pid || 0);
  if (!port) {
    server = await startServer();
    port = server.port; pid = server.pid;
    log(`blueprint pid ${pid} on port ${port} (${JAR})`);
  }
  if (!pid) throw new Error('--pid is needed with --port');
  const base = `ws://127.0.0.1:${port}/ws`;
  try {
    const warm = await measureRun(base, pid, Math.min(200, N), Math.min(200, M), 'warmup');
    log('warm-up', JSON.stringify(warm));
    const results = [];
    for (let r = 1; r <= RUNS; r++) {
      await sleep(1000);
      const o = await measureRun(base, pid, N, M, `run${r}`);
      results.push(o);
      console.log(JSON.stringify(o));
    }
    const summary = {
      label: 'summary', clients: N, missed_each: M, runs: RUNS, all_ok: results.every((o) => o.ok),
      time_to_caught_up_s_median: median(results.map((o) => o.time_to_caught_up_s)),
      server_cpu_s_median: median(results.map((o) => o.server_cpu_s)),
      records_per_server_cpu_s_median: median(results.map((o) => o.records_per_server_cpu_s)),
      control_server_cpu_s_median: median(results.map((o) => o.control_reconnect_nothing_missed.server_cpu_s)),
    };
    console.log(JSON.stringify(summary));
  } finally {
    if (server) {
      server.proc.kill('SIGTERM');
      await new Promise((r) => { const t = setTimeout(() => { server.proc.kill('SIGKILL'); r(); }, 15000); server.proc.on('exit', () => { clearTimeout(t); r(); }); });
    }
  }
  process.exit(0);
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
