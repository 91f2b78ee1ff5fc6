/**
 * Recognizes a database that ORY Hydra migrated, so that `migrate sql`, `serve` and the readiness
 * check stop with one sentence naming the import command instead of a SQL error half way through.
 * Both products call their tables `hydra_*` and keep a `schema_migration` table, so the table
 * names alone say nothing; the columns do. Hydra's popx migrator keeps
 * `schema_migration (version, version_self)` where Tessera keeps `(version, applied_at)`, and
 * Hydra's `hydra_client` stores `client_secret` and one column per field where Tessera's stores
 * `secret_hash` and `data` (internal/testhelpers/sql_schemas/*_dump.sql in Hydra's repository).
 */
import type { TableMetadata } from 'kysely';

export const IMPORT_COMMAND = 'tessera import hydra --from <hydra DSN>';

export class HydraDatabaseError extends Error {
  constructor(readonly evidence: string) {
    super(
      `This is an ORY Hydra database (${evidence}), which Tessera does not migrate in place: migrate an empty database ` +
        `for Tessera and copy Hydra's data into it with "${IMPORT_COMMAND}" (the Hydra database is only read).`,
    );
    this.name = 'HydraDatabaseError';
  }
}

/** What marks `tables` as Hydra's, or undefined when nothing does. */
export function hydraSchemaEvidence(tables: readonly TableMetadata[]): string | undefined {
  const columns = (name: string) => tables.find((t) => t.name === name)?.columns.map((c) => c.name);
  const migrations = columns('schema_migration');
  if (migrations?.includes('version_self') && !migrations.includes('applied_at')) {
    return "its schema_migration table has Hydra's version_self column";
  }
  const clients = columns('hydra_client');
  if (clients?.includes('client_secret') && !clients.includes('secret_hash')) {
    return "its hydra_client table has Hydra's client_secret column";
  }
  return undefined;
}

/** Throws HydraDatabaseError when `tables` are Hydra's. */
export function refuseHydraSchema(tables: readonly TableMetadata[]): void {
  const evidence = hydraSchemaEvidence(tables);
  if (evidence) throw new HydraDatabaseError(evidence);
}
