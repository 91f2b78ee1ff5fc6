/**
 * The database pool as gauges, read when scraped (no timer): connections open and idle,
 * queries waiting for a connection, and the pool's size. A waiting count that stays above zero
 * says the pool (`max_conns` in the DSN) or the database is the bottleneck. SQLite has no pool,
 * so it exports none of these.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Database, PoolStats } from '../../persistence/database.js';

const GAUGES: Array<[keyof PoolStats, string, string]> = [
  ['open', 'tessera_db_pool_open_connections', 'Connections the pool holds open, busy or idle.'],
  ['idle', 'tessera_db_pool_idle_connections', 'Open connections not in use.'],
  ['waiting', 'tessera_db_pool_waiting_requests', 'Queries waiting for a free connection.'],
  ['max', 'tessera_db_pool_max_connections', 'The most connections the pool may open.'],
];

export function registerPoolGauges(registry: Registry, database: Database): void {
  if (database.dialect === 'sqlite') return;
  for (const [field, name, help] of GAUGES) {
    new Gauge({
      name,
      help,
      labelNames: ['dialect'] as const,
      registers: [registry],
      collect() {
        const stats = database.poolStats();
        // Before the first query a lazily created pool (mysql2) does not exist yet: no sample.
        if (stats) this.set({ dialect: database.dialect }, stats[field]);
      },
    });
  }
}
