/**
 * Shared helpers of the client tests: the official SDK pointed at a test server, a reader of the
 * stored row (to check what is at rest), and a parser of Hydra's Link header.
 */
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import type { ClientRow } from '../../src/persistence/tables.js';

export { sdk, sdkStatus } from '../support/sdk.js';

export async function storedRow(dsn: string, id: string): Promise<ClientRow | undefined> {
  const database = openDatabase(parseDsn(dsn));
  try {
    return await database.db.selectFrom('hydra_client').selectAll().where('id', '=', id).executeTakeFirst();
  } finally {
    await database.close();
  }
}

/** `<url>; rel="first",<url>; rel="next"` into rel → URL. */
export function parseLink(header: string | null | undefined): Map<string, URL> {
  const links = new Map<string, URL>();
  for (const part of (header ?? '').split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;\s*rel="([^"]+)"\s*$/.exec(part);
    if (match) links.set(match[2]!, new URL(match[1]!, 'http://link.invalid'));
  }
  return links;
}
