/**
 * Cold start to ready: from spawning the server process to the first 200 of its readiness URL
 * (Tessera: /health/ready, which needs the database and a current schema; it listens only once
 * its signing keys exist), polled every 5 ms. The median of `runs` starts, each process stopped
 * before the next one starts.
 */
import type { ChildProcess } from 'node:child_process';
import { call } from './http-client.js';
import { stop } from './processes.js';

export interface Started {
  child: ChildProcess;
  readyUrl: string;
  spawnedAt: number;
}

export interface StartTimes {
  medianMs: number;
  runsMs: number[];
}

async function untilReady(started: Started, timeoutMs: number): Promise<number> {
  const deadline = started.spawnedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`the server exited with ${started.child.exitCode} before it was ready`);
    try {
      if ((await call(started.readyUrl, { headers: { connection: 'close' } })).status === 200) return performance.now() - started.spawnedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${started.readyUrl} was not ready within ${timeoutMs} ms`);
}

export async function coldStart(
  launch: () => Promise<Started>,
  runs: number,
  beforeEach: () => Promise<void> = async () => undefined,
): Promise<StartTimes> {
  const runsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    await beforeEach();
    const started = await launch();
    try {
      runsMs.push(await untilReady(started, 60_000));
    } finally {
      await stop(started.child);
    }
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs };
}
