/**
 * The table growth scenario: introspection of one live opaque token while hydra_oauth2_access
 * and hydra_oauth2_refresh hold 1×, 10× and 100× a base number of rows (table-growth.ts). The
 * peer keeps its tokens in memory, so it has no such column. Last, the tables go back to 1× and
 * are measured once more, as a control.
 */
import pg from 'pg';
import { measure } from './load.js';
import { loadRow, type Row } from './report.js';
import { loadSpec, settings } from './settings.js';
import { GROWTH_FACTORS, growTokenTables, keepOnly, newestAccessToken } from './table-growth.js';

const count = (rows: number) => (rows >= 1e6 ? `${(rows / 1e6).toFixed(1)}M` : `${Math.round(rows / 1e3)}k`);

/** `token` must be the newest access token in `databaseUrl`: its row is the one copied. */
export async function tableGrowthRows(
  databaseUrl: string,
  introspectUrl: string,
  token: string,
): Promise<{ rows: Row[]; notes: string[] }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const rows: Row[] = [];
  const fills: string[] = [];
  try {
    const template = await newestAccessToken(db);
    await keepOnly(db, template);
    const base = settings.rowsBase;
    for (const factor of GROWTH_FACTORS) {
      const started = performance.now();
      const target = await growTokenTables(db, base, factor, template);
      fills.push(`${count(target)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const result = await measure(loadSpec(introspectUrl, `token=${token}`));
      rows.push(loadRow(`introspection, ${factor}× rows (${count(target)})`, result, undefined));
    }
    // The control: back to 1× and measured again. On a shared machine the load of the moment moves
    // the figures more than the table size should; a drift that the control repeats is noise.
    await keepOnly(db, template);
    const target = await growTokenTables(db, base, 1, template);
    const again = await measure(loadSpec(introspectUrl, `token=${token}`));
    rows.push(loadRow(`introspection, 1× again (${count(target)})`, again, undefined));
  } finally {
    await db.end();
  }
  return { rows, notes: [`token tables (access and refresh, each) filled to ${fills.join(', ')}`] };
}
