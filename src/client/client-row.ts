/**
 * A client as one hydra_client row: id, name and owner in their own columns (they are filtered
 * on), times as epoch milliseconds, the secret's slow hash, and every other field as JSON in
 * `data`, so adding a field later needs no migration.
 */
import type { ClientRow } from '../persistence/tables.js';
import type { AuthenticationRecord, Client } from './client.js';

const COLUMN_FIELDS = ['client_id', 'client_name', 'owner', 'created_at', 'updated_at'] as const;

export function toRow(client: Client, secretHash: string | null): ClientRow {
  return { ...columns(client), secret_hash: secretHash, data: serializeData(client) };
}

export function columns(client: Client): Omit<ClientRow, 'secret_hash' | 'data'> {
  return {
    id: client.client_id,
    client_name: client.client_name,
    owner: client.owner,
    created_at: client.created_at,
    updated_at: client.updated_at,
  };
}

export function serializeData(client: Client): string {
  const data: Record<string, unknown> = { ...client };
  for (const field of COLUMN_FIELDS) delete data[field];
  return JSON.stringify(data);
}

export function fromRow(row: ClientRow): Client {
  return {
    ...(JSON.parse(row.data) as Omit<Client, (typeof COLUMN_FIELDS)[number]>),
    client_id: row.id,
    client_name: row.client_name,
    owner: row.owner,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

export function recordFromRow(row: ClientRow): AuthenticationRecord {
  const record: AuthenticationRecord = { client: fromRow(row), secretHash: row.secret_hash };
  const rotated = parseRotated(row.rotated_secrets);
  if (rotated.length > 0) record.rotatedSecretHashes = rotated;
  if (row.registration_access_token_signature) record.registrationTokenKey = row.registration_access_token_signature;
  return record;
}

/** The rotated_secrets column: a JSON array of hashes, or null. */
export function parseRotated(column: string | null | undefined): string[] {
  if (!column) return [];
  const parsed: unknown = JSON.parse(column);
  return Array.isArray(parsed) ? parsed.filter((hash): hash is string => typeof hash === 'string' && hash !== '') : [];
}
