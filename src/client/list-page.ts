/**
 * One page of the client list, with Hydra's keyset pagination rules (`keysetpagination_v2`):
 * page_size defaults to 100 and is capped at 500 (a larger value is clamped, not refused; zero or
 * less means the default), page_token is the sealed last id of the previous page, and a next
 * token exists only when more clients follow. Filters client_name and owner match exactly.
 */
import { errors } from '../core/errors.js';
import type { Client } from './client.js';
import type { ClientStore } from './client-store.js';
import type { PageTokens } from './page-token.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export interface ListQuery {
  pageSize?: string;
  pageToken?: string;
  clientName?: string;
  owner?: string;
}

export interface ClientPage {
  clients: Client[];
  /** The size actually used, for the Link header. */
  pageSize: number;
  firstToken: string;
  nextToken?: string;
}

export async function listPage(store: ClientStore, tokens: PageTokens, query: ListQuery): Promise<ClientPage> {
  const pageSize = parsePageSize(query.pageSize);
  const after = query.pageToken ? tokens.open(query.pageToken) : '';
  // One row more than the page tells whether a next page exists without a COUNT.
  const rows = await store.list({ after, limit: pageSize + 1, clientName: query.clientName, owner: query.owner });
  const clients = rows.slice(0, pageSize);
  const page: ClientPage = { clients, pageSize, firstToken: tokens.seal('') };
  if (rows.length > pageSize) page.nextToken = tokens.seal(clients[clients.length - 1]!.client_id);
  return page;
}

export function parsePageSize(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PAGE_SIZE;
  if (!/^[+-]?\d+$/.test(value.trim())) {
    throw errors.invalidRequest.withHint(`The page_size "${value}" is not an integer.`);
  }
  const size = Number(value);
  if (size <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}
