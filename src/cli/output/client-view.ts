/**
 * How an OAuth 2.0 client is shown, as Hydra's cmd/output_client.go shows it: seven columns, the
 * secret column filled only when the server returned the one-time secret (create, import).
 */
import type { OAuth2Client } from '../admin-client.js';
import type { Row, Table } from './printer.js';

export const CLIENT_HEADER = [
  'CLIENT ID',
  'CLIENT SECRET',
  'GRANT TYPES',
  'RESPONSE TYPES',
  'SCOPE',
  'AUDIENCE',
  'REDIRECT URIS',
] as const;

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function list(value: unknown, separator: string): string {
  return Array.isArray(value) ? value.map(text).join(separator) : '';
}

export function clientColumns(client: OAuth2Client): string[] {
  return [
    text(client.client_id),
    text(client.client_secret),
    list(client.grant_types, ', '),
    list(client.response_types, ', '),
    text(client.scope),
    list(client.audience, ','),
    list(client.redirect_uris, ', '),
  ];
}

export function clientRow(client: OAuth2Client): Row {
  return { header: CLIENT_HEADER, columns: clientColumns(client), value: client, id: text(client.client_id) };
}

export function clientTable(clients: readonly OAuth2Client[]): Table {
  return {
    header: CLIENT_HEADER,
    rows: clients.map(clientColumns),
    value: clients,
    ids: clients.map((c) => text(c.client_id)),
  };
}

/** `list oauth2-clients`: Ory's PaginatedList, with the next page token below the rows. */
export function clientPage(clients: readonly OAuth2Client[], nextPageToken: string): Table {
  const table = clientTable(clients);
  const isLastPage = nextPageToken === '';
  return {
    header: CLIENT_HEADER,
    rows: [...table.rows, [], ['NEXT PAGE TOKEN', nextPageToken], ['IS LAST PAGE', String(isLastPage)]],
    value: { items: clients, next_page_token: nextPageToken, is_last_page: isLastPage },
    ids: table.ids,
  };
}
