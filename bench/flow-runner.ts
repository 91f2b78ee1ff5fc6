/**
 * Closed-loop load for multi-request operations (a whole code flow): `concurrency` flows in
 * flight, each started as soon as the previous one of its lane ends, for a warm-up and then a
 * timed run. Only flows that ended with a token count; the latency is that of the whole flow.
 */
import type { LoadResult } from './load.js';

export interface FlowSpec {
  /** One complete operation; resolves when it succeeded, throws when it did not. */
  flow: () => Promise<void>;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
}

interface Tally {
  latencies: number[];
  errors: number;
  firstError?: string;
}

async function run(spec: FlowSpec, seconds: number): Promise<Tally> {
  const tally: Tally = { latencies: [], errors: 0 };
  const deadline = performance.now() + seconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await spec.flow();
        // A flow that ends after the deadline ran partly outside the window: not counted.
        if (performance.now() <= deadline) tally.latencies.push(performance.now() - started);
      } catch (error) {
        tally.errors += 1;
        tally.firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
  return tally;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

export async function measureFlows(spec: FlowSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds);
  const tally = await run(spec, spec.seconds);
  if (tally.latencies.length === 0) throw new Error(`no flow completed: ${tally.firstError ?? 'no error either'}`);
  if (tally.firstError) process.stderr.write(`${tally.errors} flows failed, the first with: ${tally.firstError}\n`);
  const sorted = tally.latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: sorted.length / spec.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: tally.errors,
  };
}
