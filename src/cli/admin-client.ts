/**
 * The admin API calls the management commands make, on Hydra's v2 paths (`/admin/clients`,
 * `/admin/keys`) with Hydra's JSON field names. Bodies are passed through untouched, so fields
 * this CLI does not know about survive a round trip.
 */
import { ApiClient } from './http/api-client.js';
import type { Connection } from './http/connection.js';
import { CliError } from './fail.js';

/** An OAuth 2.0 client as the admin API speaks it (`client_id`, `grant_types`, ...). */
export type OAuth2Client = Record<string, unknown> & { client_id?: string; client_secret?: string };

export type JsonWebKey = Record<string, unknown> & { kid?: string; alg?: string; use?: string; kty?: string };

export interface JsonWebKeySet {
  keys: JsonWebKey[];
}

export interface ClientPage {
  clients: OAuth2Client[];
  nextPageToken: string;
}

const segment = encodeURIComponent;

export class AdminClient {
  readonly api: ApiClient;

  constructor(connection: Connection) {
    this.api = new ApiClient(connection);
  }

  async createClient(client: OAuth2Client): Promise<OAuth2Client> {
    return asObject((await this.api.send('POST', '/admin/clients', { body: client })).body, 'client');
  }

  async getClient(id: string): Promise<OAuth2Client> {
    return asObject((await this.api.send('GET', `/admin/clients/${segment(id)}`)).body, 'client');
  }

  async setClient(id: string, client: OAuth2Client): Promise<OAuth2Client> {
    return asObject((await this.api.send('PUT', `/admin/clients/${segment(id)}`, { body: client })).body, 'client');
  }

  async deleteClient(id: string): Promise<void> {
    await this.api.send('DELETE', `/admin/clients/${segment(id)}`);
  }

  /** Hydra v26 rotateOAuth2ClientSecret: the client with its new secret, shown once. */
  async rotateClientSecret(id: string): Promise<OAuth2Client> {
    return asObject((await this.api.send('POST', `/admin/clients/${segment(id)}/secrets/rotate`)).body, 'client');
  }

  /** Hydra v26 deleteRotatedOAuth2ClientSecrets: only the current secret authenticates after it. */
  async deleteRotatedClientSecrets(id: string): Promise<OAuth2Client> {
    return asObject((await this.api.send('DELETE', `/admin/clients/${segment(id)}/secrets/rotate`)).body, 'client');
  }

  /** Keyset pagination: the next page's token comes in the `Link` header, as in Hydra. */
  async listClients(pageSize: number, pageToken = ''): Promise<ClientPage> {
    const response = await this.api.send('GET', '/admin/clients', {
      query: { page_size: pageSize, page_token: pageToken },
    });
    if (!Array.isArray(response.body)) throw new CliError('The server answered the client list with something other than a JSON array.');
    return { clients: response.body as OAuth2Client[], nextPageToken: nextPageToken(response.headers.get('link')) };
  }

  async createKeySet(set: string, request: { alg: string; kid: string; use: string }): Promise<JsonWebKeySet> {
    return asKeySet((await this.api.send('POST', `/admin/keys/${segment(set)}`, { body: request })).body);
  }

  async getKeySet(set: string): Promise<JsonWebKeySet> {
    return asKeySet((await this.api.send('GET', `/admin/keys/${segment(set)}`)).body);
  }

  async deleteKeySet(set: string): Promise<void> {
    await this.api.send('DELETE', `/admin/keys/${segment(set)}`);
  }

  async setKey(set: string, kid: string, key: JsonWebKey): Promise<JsonWebKey> {
    const response = await this.api.send('PUT', `/admin/keys/${segment(set)}/${segment(kid)}`, { body: key });
    return asObject(response.body, 'JSON Web Key') as JsonWebKey;
  }
}

/** `<https://…/admin/clients?page_size=2&page_token=abc>; rel="next", <…>; rel="first"` */
export function nextPageToken(link: string | null): string {
  for (const part of (link ?? '').split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>(.*)/.exec(part.trim());
    if (!match || !/rel="?([^";]*\s)?next[\s";]/.test(`${match[2]};`)) continue;
    try {
      const token = new URL(match[1]!, 'http://link.invalid').searchParams.get('page_token');
      if (token) return token;
    } catch {
      // an unparsable link is no next page
    }
  }
  return '';
}

function asObject(body: unknown, what: string): OAuth2Client {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new CliError(`The server answered with something other than a JSON ${what}.`);
  }
  return body as OAuth2Client;
}

function asKeySet(body: unknown): JsonWebKeySet {
  const keys = (body as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) throw new CliError('The server answered with something other than a JSON Web Key Set.');
  return { keys: keys as JsonWebKey[] };
}
