#!/usr/bin/env node
'use strict';
/*
 * A round-robin TCP load balancer for bench/cluster.sh: each new connection goes to the next backend, and
 * stays there (a WebSocket connection is one TCP connection, so this is "sticky" by construction).
 * Loopback only.
 *   node bench/lb.js LISTEN_PORT BACKEND_PORT [BACKEND_PORT ...]
 * Prints "lb listening on 127.0.0.1:PORT -> [ports]" once ready.
 */
const net = require('net');

const [listen, ...backends] = process.argv.slice(2).map(Number);
if (!listen || backends.length === 0) {
  console.error('usage: lb.js LISTEN_PORT BACKEND_PORT [BACKEND_PORT ...]');
  process.exit(2);
}
let next = 0;
const server = net.createServer({ noDelay: true }, (client) => {
  const port = backends[next++ % backends.length];
  const upstream = net.connect({ host: '127.0.0.1', port, noDelay: true });
  client.pipe(upstream);
  upstream.pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', close);
  upstream.on('close', close);
});
server.maxConnections = 100000;
server.listen(listen, '127.0.0.1', () => console.log(`lb listening on 127.0.0.1:${listen} -> ${JSON.stringify(backends)}`));
process.on('SIGTERM', () => process.exit(0));
