/** The benchmark's knobs, from the environment; the defaults are those of a full run. */
import type { LoadSpec } from './load.js';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: "${process.env[name]}" is not a number`);
  return value;
};

export const settings = {
  adminDatabase: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  connections: number('BENCH_CONNECTIONS', 64),
  seconds: number('BENCH_SECONDS', 10),
  warmupSeconds: number('BENCH_WARMUP', 3),
  /** Code flows in flight at once. */
  flowConcurrency: number('BENCH_FLOW_CONCURRENCY', 32),
  /** Cold starts per case; the median is printed. Without keys each start generates two RSA-4096 keys. */
  starts: number('BENCH_STARTS', 5),
  startsWithoutKeys: number('BENCH_STARTS_NO_KEYS', 3),
  /** The 1× row count of each token table (rows the earlier scenarios wrote are removed first). */
  rowsBase: number('BENCH_ROWS_BASE', 20_000),
};

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** An autocannon POST with the run's connections and durations. */
export function loadSpec(url: string, body: string, headers: Record<string, string> = {}): LoadSpec {
  return {
    url,
    body,
    headers: { ...form, ...headers },
    connections: settings.connections,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
  };
}

export function databaseUrl(name: string, query = ''): string {
  return `${settings.adminDatabase.replace(/\/[^/]*$/, `/${name}`)}${query}`;
}
