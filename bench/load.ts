/** One autocannon measurement: a warm-up, then a timed run; only 2xx answers count. */
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { cpuSeconds, cpuSecondsByProcessNaming, cpuSpent } from './cpu-time.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU µs the server process spent per 2xx answer in the timed run, when its pid is known. */
  cpuMicrosPerRequest?: number;
  /** The same for the database backends named by `databaseMarker` (PostgreSQL's process titles). */
  databaseCpuMicrosPerRequest?: number;
  /** Database transactions committed per 2xx answer (statements outside a transaction count one each). */
  transactionsPerRequest?: number;
}

export interface LoadSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The server's process id, for its CPU time per request (cpu-time.ts). */
  serverPid?: number;
  /** A word in the database backends' command lines (the database name), for their CPU time. */
  databaseMarker?: string;
  /** Transactions the database committed so far, read before and after the timed run. */
  transactions?: () => Promise<number>;
}

function run(spec: LoadSpec, seconds: number): Promise<any> {
  return autocannon({
    url: spec.url,
    method: 'POST',
    body: spec.body,
    headers: spec.headers,
    connections: spec.connections,
    duration: seconds,
  });
}

export async function measure(spec: LoadSpec): Promise<LoadResult> {
  await run(spec, spec.warmupSeconds);
  const databaseCpu = () => (spec.databaseMarker ? cpuSecondsByProcessNaming(spec.databaseMarker) : undefined);
  const cpuBefore = cpuSeconds(spec.serverPid);
  const databaseBefore = databaseCpu();
  const transactionsBefore = await spec.transactions?.();
  const result = await run(spec, spec.seconds);
  const transactionsAfter = await spec.transactions?.();
  const cpuAfter = cpuSeconds(spec.serverPid);
  const databaseAfter = databaseCpu();
  const ok = result['2xx'] as number;
  return {
    ...(transactionsBefore !== undefined && transactionsAfter !== undefined && ok > 0 ? { transactionsPerRequest: (transactionsAfter - transactionsBefore) / ok } : {}),
    ...(databaseBefore !== undefined && databaseAfter !== undefined && ok > 0 ? { databaseCpuMicrosPerRequest: (cpuSpent(databaseBefore, databaseAfter) * 1e6) / ok } : {}),
    ...(cpuBefore !== undefined && cpuAfter !== undefined && ok > 0 ? { cpuMicrosPerRequest: ((cpuAfter - cpuBefore) * 1e6) / ok } : {}),
    requestsPerSecond: ok / spec.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: (result.non2xx as number) + (result.errors as number) + (result.timeouts as number),
  };
}
