/**
 * Starting `tessera serve all --dev` as the benchmarks need it: on PostgreSQL, both listeners on
 * loopback, errors logged only, and a login and consent UI configured (never fetched: the flow
 * benchmark reads the challenge from the redirect and accepts it through the admin API).
 */
import type { ChildProcess } from 'node:child_process';
import { freePort, startProcess } from './processes.js';

export const CLI = 'dist/src/cli/main.js';

export interface TesseraInstance {
  child: ChildProcess;
  publicUrl: string;
  adminUrl: string;
  /** performance.now() right before the process was spawned: where a cold start begins. */
  spawnedAt: number;
}

export async function startTessera(dsn: string, secretsSystem: string): Promise<TesseraInstance> {
  const [publicPort, adminPort] = [await freePort(), await freePort()];
  const spawnedAt = performance.now();
  // BENCH_TESSERA_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server under load.
  const nodeOptions = (process.env.BENCH_TESSERA_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = startProcess([...nodeOptions, CLI, 'serve', 'all', '--dev'], {
    DSN: dsn,
    SECRETS_SYSTEM: secretsSystem,
    SERVE_PUBLIC_PORT: String(publicPort),
    SERVE_ADMIN_PORT: String(adminPort),
    SERVE_PUBLIC_HOST: '127.0.0.1',
    SERVE_ADMIN_HOST: '127.0.0.1',
    URLS_SELF_ISSUER: `http://127.0.0.1:${publicPort}/`,
    URLS_LOGIN: 'http://login.bench/login',
    URLS_CONSENT: 'http://login.bench/consent',
    LOG_LEVEL: 'error',
  });
  return { child, publicUrl: `http://127.0.0.1:${publicPort}`, adminUrl: `http://127.0.0.1:${adminPort}`, spawnedAt };
}

export async function migrate(dsn: string): Promise<void> {
  const spawnedAt = performance.now();
  const child = startProcess([CLI, 'migrate', 'sql', 'up', '--yes', dsn]);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`migrate sql up exited with ${code}`);
}
