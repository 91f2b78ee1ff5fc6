/**
 * The storage of OAuth 2.0 clients, narrow on purpose (docs/design.md, Storage): the service decides,
 * the store only reads and writes rows. One implementation (sql-client-store.ts) serves SQLite,
 * PostgreSQL and MySQL; test/persistence/client-store.test.ts holds every dialect to it.
 */
import type { AuthenticationRecord, Client } from './client.js';

export interface ClientListQuery {
  /** Keyset pagination: only ids strictly greater than this, in id order ('' for the first page). */
  after: string;
  limit: number;
  /** Exact matches, as Hydra filters them. */
  clientName?: string;
  owner?: string;
}

export interface ClientStore {
  /**
   * Throws errors.conflict when a client with that id exists. `sealedSecret` is the secret sealed
   * for client_secret_jwt (client.ts keepsRecoverableSecret), null for every other client.
   */
  create(client: Client, secretHash: string | null, sealedSecret?: string | null): Promise<void>;
  /** The client with its stored secret hash, or undefined. */
  get(id: string): Promise<AuthenticationRecord | undefined>;
  /**
   * Replaces the stored client with the same id. `secretHash` undefined keeps the stored hash, so a
   * concurrent secret change is never overwritten by an update that did not touch the secret.
   * Answers false when no such client exists. `sealedSecret` likewise: undefined keeps it, null clears it.
   */
  update(client: Client, secretHash?: string | null, sealedSecret?: string | null): Promise<boolean>;
  /** The sealed secret of a client_secret_jwt client; null when none is stored, undefined without the client. */
  sealedSecret(id: string): Promise<string | null | undefined>;
  /** Answers false when no such client exists. */
  delete(id: string): Promise<boolean>;
  list(query: ClientListQuery): Promise<Client[]>;
}
