/**
 * Older Hydra layouts of the fixture: what a Hydra v2.x database differs by from the v26.2.0 one
 * of ./schema.ts in the tables the import reads, taken from Hydra's persistence/sql/migrations
 * (docs/hydra-schema-versions.md lists every release). A fixture built at v26.2.0 is turned into
 * an older release's database by dropping the columns that release does not have yet and
 * leaving its newest migration as the newest schema_migration row; hydra_jwk and
 * hydra_oauth2_trusted_jwt_bearer_issuer have not changed since v2.0.0. Each step goes one
 * release back from the one before it, so one set of rows serves every layout.
 */
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../../src/persistence/database.js';
import { parseDsn } from '../../../src/persistence/dsn.js';

export interface HydraLayout {
  release: string;
  /** The newest migration of persistence/sql/migrations at the release's tag. */
  newest: string;
  /** hydra_client columns the release does not have, beyond those of the newer layouts. */
  clientColumnsAdded: string[];
}

/** Newest first: each drops what the release after it added. */
export const OLDER_HYDRA_LAYOUTS: readonly HydraLayout[] = [
  {
    // 20241609000001000000_device_flow came with v25.4.0.
    release: 'v2.2.0',
    newest: '20240129174410000001',
    clientColumnsAdded: [
      'device_authorization_grant_id_token_lifespan',
      'device_authorization_grant_access_token_lifespan',
      'device_authorization_grant_refresh_token_lifespan',
    ],
  },
  // 20240129174410000001_client_add_logout_skip_consent_column came with v2.2.0.
  { release: 'v2.1.2', newest: '20230512112801000001', clientColumnsAdded: ['skip_logout_consent'] },
  // 20230220000000000000_access_token_strategy and 20230228000010000001_client_add_skip_consent_column came with v2.1.0.
  { release: 'v2.0.3', newest: '20221109000010000001', clientColumnsAdded: ['access_token_strategy', 'skip_consent'] },
];

/** Turns the fixture database at `dsn` (v26.2.0, or a newer layout of this list) into `release`'s. */
export async function downgradeHydraFixture(dsn: string, release: string): Promise<void> {
  const index = OLDER_HYDRA_LAYOUTS.findIndex((layout) => layout.release === release);
  if (index < 0) throw new Error(`no fixture layout for Hydra ${release}`);
  const layout = OLDER_HYDRA_LAYOUTS[index]!;
  const database = openDatabase(parseDsn(dsn), { queryTimeoutMs: 0 });
  const db = database.db as unknown as Kysely<unknown>;
  try {
    const present = new Set(
      (await db.introspection.getTables()).find((table) => table.name === 'hydra_client')!.columns.map((column) => column.name),
    );
    for (const older of OLDER_HYDRA_LAYOUTS.slice(0, index + 1))
      for (const column of older.clientColumnsAdded)
        if (present.has(column)) await sql`ALTER TABLE hydra_client DROP COLUMN ${sql.ref(column)}`.execute(db);
    await sql`DELETE FROM schema_migration WHERE version > ${layout.newest}`.execute(db);
    await sql`DELETE FROM schema_migration WHERE version = ${layout.newest}`.execute(db);
    await sql`INSERT INTO schema_migration (version, version_self) VALUES (${layout.newest}, 0)`.execute(db);
  } finally {
    await database.close();
  }
}
