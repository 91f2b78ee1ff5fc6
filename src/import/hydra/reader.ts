/**
 * Reads Hydra's tables, v2.0.0 and later (SELECT only) in keyset pages, so a large table is never held whole:
 * hydra_client by id, hydra_jwk by pk, hydra_oauth2_trusted_jwt_bearer_issuer by id, the token
 * tables (hydra_oauth2_access, _refresh, _code) by signature, each within the one network (nid)
 * of a Hydra OSS database. Column facts are Hydra's (client/client.go, jwk/manager.go SQLData,
 * oauth2/trust, persister_grant_jwk.go and persister_oauth2.go).
 */
import { sql } from 'kysely';
import type { HydraSource } from './source.js';

export type HydraRow = Record<string, unknown>;

export const PAGE_SIZE = 500;

/** Hydra's schema_migration versions, newest last. */
export async function schemaVersions(source: HydraSource): Promise<string[]> {
  const { rows } = await sql<{ version: string }>`SELECT version FROM schema_migration`.execute(source.db);
  return rows.map((row) => String(row.version)).sort();
}

/** The networks (nid) of the database; Hydra OSS creates exactly one. */
export async function networks(source: HydraSource): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM networks ORDER BY id`.execute(source.db);
  return rows.map((row) => String(row.id));
}

export async function columnsOf(source: HydraSource, table: string): Promise<Set<string>> {
  const tables = await source.db.introspection.getTables();
  return new Set(tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? []);
}

export async function countRows(source: HydraSource, table: string, nid: string): Promise<number> {
  const { rows } = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE nid = ${nid}`.execute(source.db);
  return Number(rows[0]?.n ?? 0);
}

/** Every row of `table` in network `nid`, `PAGE_SIZE` at a time, in `key` order. */
export async function* pages(source: HydraSource, table: string, key: string | readonly string[], nid: string): AsyncGenerator<HydraRow[]> {
  const keys = typeof key === 'string' ? [key] : key;
  let after = keys.map(() => '');
  // PostgreSQL's uuid keys (hydra_jwk.pk, the trust id) compare as text there, as on the other dialects.
  const columns = keys.map((name) => (source.dialect === 'postgres' ? sql`${sql.ref(name)}::text` : sql.ref(name)));
  // A composite key (a table whose primary key is several columns) compares as a row value, which
  // PostgreSQL, MySQL and SQLite (3.15+) all order lexicographically.
  const tuple = (parts: readonly unknown[]) => (parts.length === 1 ? sql`${parts[0]}` : sql`(${sql.join(parts)})`);
  for (;;) {
    const { rows } = await sql<HydraRow>`SELECT * FROM ${sql.table(table)} WHERE nid = ${nid} AND ${tuple(columns)} > ${tuple(after)}
      ORDER BY ${sql.join(columns)} LIMIT ${PAGE_SIZE}`.execute(source.db);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE_SIZE) return;
    const last = rows[rows.length - 1]!;
    after = keys.map((name) => String(last[name]));
  }
}

/** One hydra_jwk row. */
export async function keyRow(source: HydraSource, nid: string, set: string, kid: string): Promise<HydraRow | undefined> {
  const { rows } = await sql<HydraRow>`SELECT * FROM hydra_jwk WHERE nid = ${nid} AND sid = ${set} AND kid = ${kid}`.execute(source.db);
  return rows[0];
}

/** The rows of `table` that belong to one request (hydra_oauth2_pkce and _oidc beside a code). */
export async function requestRows(source: HydraSource, table: string, nid: string, requestId: string): Promise<HydraRow[]> {
  const { rows } = await sql<HydraRow>`SELECT * FROM ${sql.table(table)} WHERE nid = ${nid} AND request_id = ${requestId}`.execute(
    source.db,
  );
  return rows;
}

/** One hydra_client row. */
export async function clientRow(source: HydraSource, nid: string, id: string): Promise<HydraRow | undefined> {
  const { rows } = await sql<HydraRow>`SELECT * FROM hydra_client WHERE nid = ${nid} AND id = ${id}`.execute(source.db);
  return rows[0];
}
