/**
 * The benchmark's one table: a row per measurement, Tessera and node-oidc-provider side by side,
 * and their ratio (Tessera ÷ peer) where the peer has the same operation. For throughput rows a
 * ratio above 1 favours Tessera; for time and memory rows, a ratio below 1 does.
 */
import type { LoadResult } from './load.js';

export interface Row {
  scenario: string;
  ours: string;
  peer: string;
  ratio: string;
}

const NONE = '—';

/** CPU per answer of the server (and of its PostgreSQL backends), transactions per answer: steadier than req/s on a shared machine. */
function formatCost(result: LoadResult): string {
  return (
    (result.cpuMicrosPerRequest === undefined ? '' : `  ${result.cpuMicrosPerRequest.toFixed(0).padStart(4)} µs cpu`) +
    (result.databaseCpuMicrosPerRequest === undefined ? '' : ` +${result.databaseCpuMicrosPerRequest.toFixed(0).padStart(3)} db`) +
    (result.transactionsPerRequest === undefined ? '' : ` ${result.transactionsPerRequest.toFixed(2)} tx`)
  );
}

export function formatLoad(result: LoadResult, unit = 'req/s'): string {
  return `${result.requestsPerSecond.toFixed(0).padStart(7)} ${unit}  p50 ${String(result.p50).padStart(4)} ms  p99 ${String(result.p99).padStart(4)} ms${formatCost(result)}${result.errors ? `  (${result.errors} errors)` : ''}`;
}

export function loadRow(scenario: string, ours: LoadResult, peer: LoadResult | string | undefined, unit = 'req/s'): Row {
  if (peer === undefined || typeof peer === 'string')
    return { scenario, ours: formatLoad(ours, unit), peer: peer ?? NONE, ratio: peer ? 'n/a' : NONE };
  const ratio = peer.requestsPerSecond > 0 ? (ours.requestsPerSecond / peer.requestsPerSecond).toFixed(2) : 'n/a';
  return { scenario, ours: formatLoad(ours, unit), peer: formatLoad(peer, unit), ratio };
}

/** A time or a size: `ours` and `peer` in `unit`, the ratio Tessera ÷ peer (lower favours Tessera). */
export function amountRow(scenario: string, ours: number | undefined, peer: number | string | undefined, unit: string, detail = ''): Row {
  const show = (value: number) => `${value.toFixed(0).padStart(7)} ${unit}`;
  const oursCell = ours === undefined ? 'n/a' : `${show(ours)}${detail}`;
  if (typeof peer !== 'number') return { scenario, ours: oursCell, peer: peer ?? NONE, ratio: NONE };
  return {
    scenario,
    ours: oursCell,
    peer: show(peer),
    ratio: ours === undefined || peer === 0 ? 'n/a' : `${(ours / peer).toFixed(2)} (lower is better)`,
  };
}

export function printTable(header: string, rows: Row[], notes: string[]): void {
  const out = process.stdout;
  out.write(`\n${header}\n\n`);
  out.write(`${'scenario'.padEnd(36)}${'Tessera'.padEnd(66)}${'node-oidc-provider'.padEnd(66)}ratio\n`);
  for (const row of rows) out.write(`${row.scenario.padEnd(36)}${row.ours.padEnd(66)}${row.peer.padEnd(66)}${row.ratio}\n`);
  if (notes.length > 0) out.write(`\n${notes.map((note) => `* ${note}`).join('\n')}\n`);
}
