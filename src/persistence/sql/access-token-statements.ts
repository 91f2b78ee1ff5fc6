/**
 * The access-token table's hot statements as PostgreSQL named statements (prepared-statements.ts):
 * one text for a batch of any size, so that each connection prepares it once. The insert takes
 * one array per column and unnests them into rows; the lookup takes an array of signatures.
 */
import type { NamedStatement, PreparedStatements } from '../prepared-statements.js';
import { isUnstorableText } from '../unstorable-text.js';
import type { AccessTokenRow } from '../tables.js';

const COLUMNS = [
  ['signature', 'text'],
  ['request_id', 'text'],
  ['client_id', 'text'],
  ['subject', 'text'],
  ['granted_scope', 'text'],
  ['granted_audience', 'text'],
  ['requested_at', 'int8'],
  ['expires_at', 'int8'],
  ['active', 'int2'],
  ['session_data', 'text'],
] as const satisfies readonly (readonly [keyof AccessTokenRow, string])[];

const INSERT: NamedStatement = {
  name: 'tessera_access_token_insert',
  text: `INSERT INTO hydra_oauth2_access (${COLUMNS.map(([column]) => column).join(', ')}) SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
};

/** Named columns, never `*`: a column added by a later migration must not change a prepared result type. */
const SELECT: NamedStatement = {
  name: 'tessera_access_token_select',
  text: `SELECT ${COLUMNS.map(([column]) => column).join(', ')} FROM hydra_oauth2_access WHERE signature = ANY($1::text[])`,
};

export async function insertAccessTokens(prepared: PreparedStatements, rows: readonly AccessTokenRow[]): Promise<void> {
  await prepared.rows(INSERT, COLUMNS.map(([column]) => rows.map((row) => row[column])));
}

export async function selectAccessTokens(prepared: PreparedStatements, signatures: readonly string[]): Promise<AccessTokenRow[]> {
  // A value no row can hold matches nothing, as under Kysely's guard (unstorable-text.ts).
  const storable = signatures.filter((signature) => !isUnstorableText(signature));
  return storable.length === 0 ? [] : prepared.rows<AccessTokenRow>(SELECT, [storable]);
}
