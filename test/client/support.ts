/**
 * Shared helpers of the client tests: the official SDK pointed at a test server, a reader of the
 * stored row (to check what is at rest), and a parser of Hydra's Link header.
 */
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import type { ClientRow } from '../../src/persistence/tables.js';

export function sdk(adminUrl: string): OAuth2Api {
  return new OAuth2Api(new Configuration({ basePath: adminUrl }));
}

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

/** The HTTP status of a failed SDK (axios) call. */
export async function sdkStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    const status = (error as { response?: { status?: number } }).response?.status;
    if (status !== undefined) return status;
    throw error;
  }
  throw new Error('expected the SDK call to fail');
}
