/**
 * The OAuth 2.0 client use cases behind the admin API (`client/handler.go` in Hydra): create,
 * read, list, replace, patch, set lifespans, delete, and the lookup the token endpoint
 * authenticates against. Secrets are hashed here with the slow SecretHasher before they reach the
 * store, and a plain secret leaves only in the response of the request that set it. The secret of
 * a client_secret_jwt client is also sealed (AES-256-GCM under secrets.system, bound to the client
 * id) so that its assertions' HMAC can be checked (RFC 7523 §2.2); every other client's sealed
 * secret is cleared.
 */
import { errors } from '../core/errors.js';
import { DecryptionError, type Aead } from '../crypto/aead.js';
import { generateClientSecret, generateId } from '../crypto/random.js';
import type { SecretHasher } from '../crypto/secret-hasher.js';
import { keepsRecoverableSecret, LIFESPAN_FIELDS, usesSecret, type AuthenticationRecord, type Client, type ClientWithSecret } from './client.js';
import { readClientInput, readLifespansInput, type ClientInput } from './client-input.js';
import type { ClientStore } from './client-store.js';
import type { ClientValidator } from './client-validator.js';
import { clientView } from './client-view.js';
import { applyJsonPatch } from './json-patch.js';
import { canonicalLifespans } from './lifespan.js';
import { listPage, type ClientPage, type ListQuery } from './list-page.js';
import type { PageTokens } from './page-token.js';

/** Hydra's default scope when a client registers none (`DefaultClientScope`). */
export const DEFAULT_CLIENT_SCOPE = ['offline_access', 'offline', 'openid'];
/** The id column is VARCHAR(255) on every dialect. */
const MAX_ID_LENGTH = 255;
/** A generated client_secret_jwt secret: enough characters to key even HS512 (64 bytes, RFC 7518 §3.2). */
const HMAC_SECRET_LENGTH = 64;

export class ClientService {
  constructor(
    private readonly store: ClientStore,
    private readonly hasher: SecretHasher,
    private readonly validator: ClientValidator,
    private readonly pageTokens: PageTokens,
    private readonly now: () => number = Date.now,
    /** Seals client_secret_jwt secrets (secrets.system); without it such clients are refused. */
    private readonly sealing?: Aead,
  ) {}

  async create(body: unknown): Promise<ClientWithSecret> {
    const input = readClientInput(body);
    const id = input.client_id || generateId();
    if ([...id].length > MAX_ID_LENGTH) {
      throw errors.invalidClientMetadata.withHint(`Field client_id must be at most ${MAX_ID_LENGTH} characters long.`);
    }
    // Hydra rounds both times to the second at creation.
    const at = this.second();
    const client = await this.validator.validate(input, { client_id: id, created_at: at, updated_at: at });
    const secret = input.client_secret || (usesSecret(client) ? generatedSecret(client) : undefined);
    await this.store.create(client, secret ? await this.hasher.hash(secret) : null, keepsRecoverableSecret(client) ? this.seal(client.client_id, secret!) : null);
    return { client, secret: shown(client, secret) };
  }

  async find(id: string): Promise<Client | undefined> {
    return (await this.store.get(id))?.client;
  }

  async get(id: string): Promise<Client> {
    return (await this.load(id)).client;
  }

  /** For client authentication (RFC 6749 §2.3): the client and its stored secret hash. */
  async getForAuthentication(id: string): Promise<AuthenticationRecord | undefined> {
    return this.store.get(id);
  }

  /**
   * The current plain secret of a client_secret_jwt client, or undefined when none is stored or it
   * was sealed under a secrets.system entry no longer configured (the client then sets it again).
   */
  async recoverableSecret(id: string): Promise<string | undefined> {
    const sealed = await this.store.sealedSecret(id);
    if (!sealed || !this.sealing) return undefined;
    try {
      return this.sealing.openText(sealed, sealedSecretContext(id));
    } catch (error) {
      if (error instanceof DecryptionError) return undefined;
      throw error;
    }
  }

  async list(query: ListQuery): Promise<ClientPage> {
    return listPage(this.store, this.pageTokens, query);
  }

  /** PUT: the body replaces every field; without client_secret the stored secret stays. */
  async replace(id: string, body: unknown): Promise<ClientWithSecret> {
    return this.write(await this.load(id), readClientInput(body));
  }

  /** PATCH: RFC 6902 on the client's JSON form, then the same validation as PUT. */
  async patch(id: string, operations: unknown): Promise<ClientWithSecret> {
    const existing = await this.load(id);
    const patched = applyJsonPatch(clientView(existing.client), operations);
    if (patched.client_id !== id) throw errors.invalidRequest.withHint('The client_id of an OAuth 2.0 Client cannot be changed.');
    return this.write(existing, readClientInput(patched));
  }

  /** PUT .../lifespans: replaces all per-grant lifespans and nothing else. */
  async setLifespans(id: string, body: unknown): Promise<Client> {
    const existing = await this.load(id);
    const lifespans = canonicalLifespans(readLifespansInput(body));
    const client: Client = { ...existing.client, updated_at: this.second() };
    for (const field of LIFESPAN_FIELDS) delete client[field];
    Object.assign(client, lifespans);
    if (!(await this.store.update(client))) throw notFound(id);
    return client;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw notFound(id);
  }

  private async write(existing: AuthenticationRecord, input: ClientInput): Promise<ClientWithSecret> {
    const prepared = await this.prepareReplacement(existing, input);
    if (!(await this.store.update(prepared.client, prepared.secretHash, prepared.sealedSecret))) throw notFound(existing.client.client_id);
    return { client: prepared.client, secret: prepared.secret };
  }

  /**
   * A new client as create() validates it, with the secret it gets (shown once) and that secret's
   * hash, not yet stored: dynamic-registration.ts stores it together with its registration access
   * token, in one write.
   */
  async prepareNew(input: ClientInput, id: string): Promise<PreparedClient> {
    const at = this.second();
    const client = await this.validator.validate(input, { client_id: id, created_at: at, updated_at: at });
    const secret = input.client_secret || (usesSecret(client) ? generatedSecret(client) : undefined);
    return {
      client,
      secret: shown(client, secret),
      secretHash: secret ? await this.hasher.hash(secret) : null,
      sealedSecret: keepsRecoverableSecret(client) && secret ? this.seal(id, secret) : null,
    };
  }

  /** The replacement of `existing` by `input` as PUT validates it, not yet stored; undefined keeps what is stored. */
  async prepareReplacement(existing: AuthenticationRecord, input: ClientInput): Promise<PreparedClient> {
    const { client_id, created_at } = existing.client;
    const client = await this.validator.validate(input, { client_id, created_at, updated_at: this.second() });
    // A client that now authenticates with a secret but never had one gets one, shown once; so
    // does one that turns to client_secret_jwt without a sealed secret (a hash cannot be unsealed).
    const recoverable = keepsRecoverableSecret(client);
    const lacksSealed = recoverable && !input.client_secret && !(await this.store.sealedSecret(client_id));
    const secret = input.client_secret || (usesSecret(client) && (!existing.secretHash || lacksSealed) ? generatedSecret(client) : undefined);
    return {
      client,
      secret: shown(client, secret),
      secretHash: secret ? await this.hasher.hash(secret) : undefined,
      // undefined keeps the sealed secret (same method, same secret); null clears it (another method).
      sealedSecret: recoverable ? (secret ? this.seal(client_id, secret) : undefined) : null,
    };
  }

  private async load(id: string): Promise<AuthenticationRecord> {
    const found = await this.store.get(id);
    if (!found) throw notFound(id);
    return found;
  }

  private seal(id: string, secret: string): string {
    if (!this.sealing) throw new Error('ClientService needs secrets.system to seal client_secret_jwt secrets');
    return this.sealing.seal(secret, sealedSecretContext(id));
  }

  private second(): number {
    return Math.round(this.now() / 1000) * 1000;
  }
}

/** A validated client and its secret, not stored yet (prepareNew, prepareReplacement). */
export interface PreparedClient extends ClientWithSecret {
  /** null: no secret; undefined: keep the stored one. */
  secretHash: string | null | undefined;
  /** The sealed copy of a client_secret_jwt secret; null clears it; undefined keeps the stored one. */
  sealedSecret: string | null | undefined;
}

/** Binds a sealed secret to its client: a row's sealed secret copied to another client does not open. */
function sealedSecretContext(id: string): string {
  return `hydra_client.sealed_secret:${id}`;
}

function generatedSecret(client: Client): string {
  return keepsRecoverableSecret(client) ? generateClientSecret(HMAC_SECRET_LENGTH) : generateClientSecret();
}

/** Hydra never echoes the secret of a public client (token_endpoint_auth_method none). */
function shown(client: Client, secret: string | undefined): string | undefined {
  return client.token_endpoint_auth_method === 'none' ? undefined : secret;
}

function notFound(id: string) {
  return errors.notFound.withHint(`The OAuth 2.0 Client with id "${id}" does not exist.`);
}
