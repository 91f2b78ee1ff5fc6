import { createServer } from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1. It is drawn below the kernel's ephemeral range
 * (net.ipv4.ip_local_port_range, 32768 and up by default): a port the kernel hands out for bind(0)
 * may be handed out again as the source port of an outgoing connection (a database pool opening
 * while the server starts) before the server under test binds it. Ports already given out by this
 * process are not given again.
 */
const LOW = 20_000;
const HIGH = 32_000;
const given = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (given.has(candidate)) continue;
    if (await bindable(candidate)) {
      given.add(candidate);
      return candidate;
    }
  }
  throw new Error(`no free port found between ${LOW} and ${HIGH}`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
