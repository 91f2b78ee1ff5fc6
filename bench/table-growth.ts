/**
 * Introspection as the token tables grow: hydra_oauth2_access and hydra_oauth2_refresh are
 * filled straight in PostgreSQL (generate_series) to 1×, 10× and 100× a base row count, and the
 * same live token is introspected at each size. A lookup by primary key should not care: the
 * figures must stay flat.
 *
 * The generated rows copy a row Tessera wrote (the token's own, so its sealed session_data has
 * the real size) and vary what is unique or indexed: the signature (a 96-character hex key, as
 * the SHA-384 of a token signature is stored), request_id, and requested_at / expires_at spread
 * over an hour. Refresh rows take the same shape with the refresh-only columns empty.
 */
import pg from 'pg';

const CHUNK = 200_000;

export const GROWTH_FACTORS = [1, 10, 100] as const;

async function rowCount(db: pg.Client, table: string): Promise<number> {
  return Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

/** Adds generated rows to `table` until it holds `target`; `seed` keeps each batch's keys distinct. */
async function topUp(
  db: pg.Client,
  table: 'hydra_oauth2_access' | 'hydra_oauth2_refresh',
  target: number,
  template: string,
): Promise<void> {
  let present = await rowCount(db, table);
  const refreshOnly = table === 'hydra_oauth2_refresh' ? ', first_used_at, used_times, access_token_signature' : '';
  const refreshValues = table === 'hydra_oauth2_refresh' ? ', NULL, 0, NULL' : '';
  while (present < target) {
    const batch = Math.min(CHUNK, target - present);
    const seed = `${table}:${present}:`;
    await db.query(
      `INSERT INTO ${table} (signature, request_id, client_id, subject, granted_scope, granted_audience, requested_at, expires_at, active, session_data${refreshOnly})
       SELECT encode(sha384(convert_to($1 || g::text, 'UTF8')), 'hex'), md5($1 || g::text)::uuid::text,
              t.client_id, t.subject, t.granted_scope, t.granted_audience, t.requested_at - (g % 3600) * 1000, t.expires_at - (g % 3600) * 1000,
              1, t.session_data${refreshValues}
       FROM generate_series(1, $2::int) AS g, (SELECT * FROM hydra_oauth2_access WHERE signature = $3) AS t`,
      [seed, batch, template],
    );
    present += batch;
  }
  // What a table that grew over days would look like to the planner and the disk: statistics
  // current, visibility map set, and the fill's dirty pages written out, so that autovacuum and
  // the checkpoint are not measured along with the lookups.
  await db.query(`VACUUM (ANALYZE) ${table}`);
}

/**
 * Grows both token tables to `factor` × `base` rows. `template` is the signature (primary key)
 * of an access token row to copy.
 */
export async function growTokenTables(db: pg.Client, base: number, factor: number, template: string): Promise<number> {
  const target = base * factor;
  await topUp(db, 'hydra_oauth2_access', target, template);
  await topUp(db, 'hydra_oauth2_refresh', target, template);
  await db.query('CHECKPOINT');
  return target;
}

/**
 * Empties both token tables but for the template row, so that 1× is the same size in every run
 * whatever the scenarios before it issued (their rows are the benchmark's own).
 */
export async function keepOnly(db: pg.Client, template: string): Promise<void> {
  await db.query('DELETE FROM hydra_oauth2_access WHERE signature <> $1', [template]);
  await db.query('DELETE FROM hydra_oauth2_refresh');
}

/** The newest access token row: the template for the generated ones. */
export async function newestAccessToken(db: pg.Client): Promise<string> {
  const row = (await db.query('SELECT signature FROM hydra_oauth2_access ORDER BY requested_at DESC LIMIT 1')).rows[0];
  if (!row) throw new Error('no access token row to copy');
  return row.signature as string;
}
