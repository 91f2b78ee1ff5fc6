import { createServer } from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1. It is drawn below the kernel's ephemeral range
 * (net.ipv4.ip_local_port_range, 32768 and up by default): a port the kernel hands out for bind(0)
 * may be handed out again as the source port of an outgoing connection (a database pool opening
 * while the server starts) before the server under test binds it. Ports already given out by this
 * process are not given again. When the test runner runs databases side by side
 * (scripts/run-tests.mjs --parallel-databases), it gives each lane a slot "i/n" in
 * TESSERA_TEST_PORT_SLOT, and each lane draws from its own share of the range: two lanes
 * cannot both find one port free and then race to bind it.
 */
const [LOW, HIGH] = portRange(20_000, 32_000, process.env.TESSERA_TEST_PORT_SLOT);
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

function portRange(low: number, high: number, slot: string | undefined): [number, number] {
  const match = slot ? /^(\d+)\/(\d+)$/.exec(slot) : null;
  if (!match) return [low, high];
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || index >= count) throw new Error(`TESSERA_TEST_PORT_SLOT: "${slot}" is not i/n with i < n`);
  const size = Math.floor((high - low) / count);
  return [low + index * size, low + (index + 1) * size];
}
