/**
 * OpenID Connect Dynamic Client Registration 1.0 and RFC 7591 (register), RFC 7592 (read, update,
 * delete with the registration access token), as Hydra serves them at /oauth2/register
 * (`client/handler.go` createOidcDynamicClient, get/set/deleteOidcDynamicClient, ValidDynamicAuth;
 * `client/validator.go` ValidateDynamicRegistration). Off unless
 * `oidc.dynamic_client_registration.enabled`: then every route answers 404.
 *
 * A registrant chooses neither the client id nor the secret, and none of the fields that only the
 * operator may set (metadata, access_token_strategy, skip_consent, skip_logout_consent). The
 * registration access token is an opaque token in Hydra's format (`ory_at_...`); only the hash of
 * its signature is stored (RFC 6819 §4.5.2), and it is shown once, in the response that issued it.
 * An update replaces it (Hydra: "Regenerate the registration access token"); the token presented
 * is then spent.
 */
import { timingSafeEqual } from 'node:crypto';
import { errors } from '../core/errors.js';
import { signatureKey, type HmacTokenStrategy } from '../crypto/hmac-token.js';
import { generateId } from '../crypto/random.js';
import { LIFESPAN_FIELDS, type AuthenticationRecord, type Client } from './client.js';
import { readClientInput, type ClientInput } from './client-input.js';
import type { ClientService } from './client-service.js';

/** The stored registration access token a write expects, and the one it stores instead. */
export interface RegistrationTokenSwap {
  expected: string;
  next: string;
}

/** The writes of registration: the client and its registration access token together, always. */
export interface RegistrationStore {
  /** `secrets.sealed` is the client_secret_jwt secret's sealed copy, or null (client-service.ts). */
  createRegistered(client: Client, secrets: { hash: string | null; sealed: string | null }, registrationTokenKey: string): Promise<void>;
  /**
   * Replaces the client (a secret undefined keeps the stored one; a sealed secret null clears it)
   * and its token, only while the stored token is `token.expected`; false when it is not, or the
   * client is gone.
   */
  updateRegistered(client: Client, secrets: { hash: string | undefined; sealed: string | null | undefined }, token: RegistrationTokenSwap): Promise<boolean>;
}

export interface RegistrationSettings {
  /** oidc.dynamic_client_registration.enabled */
  enabled: boolean;
  /** urls.self.public, ending in "/": the base of registration_client_uri. */
  publicUrl: string;
}

/** A client as the registration endpoint answers it (RFC 7591 §3.2.1, RFC 7592 §3). */
export interface RegisteredClient {
  client: Client;
  secret?: string;
  registrationAccessToken?: string;
  registrationClientUri?: string;
}

export const REGISTRATION_PATH = '/oauth2/register';

// Hydra's refusal (herodot ErrUnauthorized, one reason whatever failed, so that a caller learns
// nothing about which clients exist); RFC 6750 §3 asks for the Bearer challenge.
const unauthorized = errors.requestUnauthorized
  .withHint('The requested OAuth 2.0 client does not exist or you provided incorrect credentials.')
  .withHeaders({ 'www-authenticate': 'Bearer' });

export class DynamicRegistration {
  constructor(
    private readonly clients: ClientService,
    private readonly store: RegistrationStore,
    private readonly tokens: HmacTokenStrategy,
    private readonly settings: RegistrationSettings,
  ) {}

  /** Hydra's requireDynamicAuth: checked before anything else is read. */
  assertEnabled(): void {
    if (!this.settings.enabled) throw errors.notFound.withHint('Dynamic registration is not enabled.');
  }

  /** POST /oauth2/register (RFC 7591 §3.1). */
  async register(body: unknown): Promise<RegisteredClient> {
    this.assertEnabled();
    const input = readClientInput(body);
    if (input.client_secret) throw errors.invalidRequest.withHint('It is not allowed to choose your own OAuth2 Client secret.');
    refuseOperatorFields(input);
    // Hydra: the registrant's client_id is replaced by a UUID, as the secret is chosen by the server.
    const { client, secret, secretHash, sealedSecret } = await this.clients.prepareNew(input, generateId());
    const token = this.tokens.generate('at');
    await this.store.createRegistered(client, { hash: secretHash ?? null, sealed: sealedSecret ?? null }, signatureKey(token.signature));
    return { client, secret, registrationAccessToken: token.token, registrationClientUri: this.clientUri(client.client_id) };
  }

  /** GET /oauth2/register/{id} (RFC 7592 §2.1): never the secret, nor the operator's metadata. */
  async read(id: string, authorization: string | undefined): Promise<Client> {
    this.assertEnabled();
    return (await this.authenticate(id, authorization)).client;
  }

  /**
   * PUT /oauth2/register/{id} (RFC 7592 §2.2): the body replaces the registrant's fields; the
   * secret stays (a registrant may not choose one), and the fields only the operator can set keep
   * their values (Hydra resets them to their zero values; a registrant could not have set them).
   */
  async update(id: string, authorization: string | undefined, body: unknown): Promise<RegisteredClient> {
    this.assertEnabled();
    const existing = await this.authenticate(id, authorization);
    const input = readClientInput(body);
    if (input.client_secret) throw errors.requestForbidden.withHint('It is not allowed to choose your own OAuth2 Client secret.');
    refuseOperatorFields(input);
    const kept = existing.client;
    const { client, secret, secretHash, sealedSecret } = await this.clients.prepareReplacement(existing, {
      ...input,
      metadata: kept.metadata,
      access_token_strategy: kept.access_token_strategy,
      skip_consent: kept.skip_consent,
      skip_logout_consent: kept.skip_logout_consent,
      ...Object.fromEntries(LIFESPAN_FIELDS.map((field) => [field, kept[field]])),
    });
    const token = this.tokens.generate('at');
    const swap = { expected: existing.registrationTokenKey!, next: signatureKey(token.signature) };
    // Another update with the same token, or a deletion, came first.
    if (!(await this.store.updateRegistered(client, { hash: secretHash ?? undefined, sealed: sealedSecret }, swap))) throw unauthorized;
    return { client, secret, registrationAccessToken: token.token, registrationClientUri: this.clientUri(client.client_id) };
  }

  /** DELETE /oauth2/register/{id} (RFC 7592 §2.3): the client and everything it holds. */
  async remove(id: string, authorization: string | undefined): Promise<void> {
    this.assertEnabled();
    await this.authenticate(id, authorization);
    await this.clients.delete(id);
  }

  /**
   * Hydra's ValidDynamicAuth: the client exists, has a registration access token, and the bearer
   * token presented (RFC 6750 §2.1) is that token: its HMAC verifies under secrets.system and the
   * hash of its signature is the stored one. A token of another client fails the last check.
   */
  private async authenticate(id: string, authorization: string | undefined): Promise<AuthenticationRecord> {
    const presented = /^Bearer +([^ ]+) *$/i.exec(authorization ?? '')?.[1];
    if (!presented) throw unauthorized;
    const signature = this.tokens.validate('at', presented);
    if (!signature) throw unauthorized;
    const found = await this.clients.getForAuthentication(id);
    if (!found?.registrationTokenKey || !sameKey(found.registrationTokenKey, signatureKey(signature))) throw unauthorized;
    return found;
  }

  private clientUri(id: string): string {
    return new URL(`${REGISTRATION_PATH.slice(1)}/${encodeURIComponent(id)}`, this.settings.publicUrl).toString();
  }
}

/** Hydra's ValidateDynamicRegistration: what only the operator (admin API) may set. */
function refuseOperatorFields(input: ClientInput): void {
  if (input.metadata !== undefined) throw errors.invalidClientMetadata.withHint('"metadata" cannot be set for dynamic client registration');
  if (input.access_token_strategy) throw errors.invalidRequest.withHint('It is not allowed to choose your own access token strategy.');
  if (input.skip_consent) throw errors.invalidRequest.withHint('"skip_consent" cannot be set for dynamic client registration');
  if (input.skip_logout_consent)
    throw errors.invalidRequest.withHint('"skip_logout_consent" cannot be set for dynamic client registration');
  // Tessera's addition: token lifespans are the operator's (PUT /admin/clients/{id}/lifespans).
  // Hydra lets a registrant set them, so an anonymous registrant could give itself refresh tokens
  // that never expire; a registrant's update keeps what the operator set.
  const lifespan = LIFESPAN_FIELDS.find((field) => input[field]);
  if (lifespan) throw errors.invalidClientMetadata.withHint(`"${lifespan}" cannot be set for dynamic client registration`);
}

function sameKey(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
