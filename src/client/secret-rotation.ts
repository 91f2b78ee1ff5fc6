/**
 * Client secret rotation as Hydra v26 has it (`client/handler.go` rotateOAuth2ClientSecret and
 * deleteRotatedOAuth2ClientSecrets): a new secret replaces the current one, which joins the
 * rotated secrets and keeps authenticating the client (fosite checkClientSecret tries the rotated
 * hashes after the current one), so that every instance of a client can move to the new secret
 * without downtime. At most five rotated secrets are kept, the newest; removing them ends the
 * rotation. Only the hashes are stored, in their own column, never in the client's JSON.
 */
import { errors } from '../core/errors.js';
import { generateClientSecret } from '../crypto/random.js';
import type { SecretHasher } from '../crypto/secret-hasher.js';
import type { AuthenticationRecord, Client, ClientWithSecret } from './client.js';

/** Hydra keeps the five most recent rotated secrets. */
export const ROTATED_SECRETS_KEPT = 5;
/** Hydra's list: a client_secret_jwt secret (RFC 7523) keys an HMAC, which a rotated hash cannot check. */
const ROTATABLE_METHODS = ['client_secret_basic', 'client_secret_post'];
/** Concurrent rotations of one client: each retries on the state the other left. */
const ATTEMPTS = 5;

export interface SecretRotationStore {
  get(id: string): Promise<AuthenticationRecord | undefined>;
  /**
   * Stores `newHash` as the secret and `rotated` as the rotated secrets, only while the stored
   * secret and rotated secrets are still those the caller read (`expected`): a concurrent rotation,
   * removal or secret change is never overwritten. False when they changed or the client is gone.
   */
  rotateSecret(
    id: string,
    expected: Pick<AuthenticationRecord, 'secretHash' | 'rotatedSecretHashes'>,
    change: { newHash: string; rotated: string[]; updatedAt: number },
  ): Promise<boolean>;
  /** Removes every rotated secret; false when the client does not exist. */
  clearRotatedSecrets(id: string, updatedAt: number): Promise<boolean>;
}

export class ClientSecretRotation {
  constructor(
    private readonly store: SecretRotationStore,
    private readonly hasher: SecretHasher,
    private readonly now: () => number = Date.now,
  ) {}

  /** POST /admin/clients/{id}/secrets/rotate: the client with its new secret, shown this once. */
  async rotate(id: string): Promise<ClientWithSecret> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const found = await this.load(id);
      const secret = generateClientSecret();
      const newHash = await this.hasher.hash(secret);
      const previous = found.rotatedSecretHashes ?? [];
      const rotated = (found.secretHash ? [found.secretHash, ...previous] : previous).slice(0, ROTATED_SECRETS_KEPT);
      const client: Client = { ...found.client, updated_at: this.second() };
      if (await this.store.rotateSecret(id, found, { newHash, rotated, updatedAt: client.updated_at })) return { client, secret };
    }
    throw errors.conflict.withHint('The client secret was changed concurrently; try again.');
  }

  /** DELETE /admin/clients/{id}/secrets/rotate: only the current secret authenticates afterwards. */
  async deleteRotated(id: string): Promise<Client> {
    const found = await this.load(id);
    const client: Client = { ...found.client, updated_at: this.second() };
    if (!(await this.store.clearRotatedSecrets(id, client.updated_at))) throw notFound(id);
    return client;
  }

  private async load(id: string): Promise<AuthenticationRecord> {
    const found = await this.store.get(id);
    if (!found) throw notFound(id);
    // Hydra: only the two methods of RFC 6749 §2.3.1 that send the secret itself have one to rotate.
    if (!ROTATABLE_METHODS.includes(found.client.token_endpoint_auth_method)) {
      throw errors.invalidRequest.withHint(
        `The client is configured to use the "${found.client.token_endpoint_auth_method}" authentication method, which does not support client secret rotation.`,
      );
    }
    return found;
  }

  /** Hydra rounds updated_at to the second. */
  private second(): number {
    return Math.round(this.now() / 1000) * 1000;
  }
}

function notFound(id: string) {
  return errors.notFound.withHint(`The OAuth 2.0 Client with id "${id}" does not exist.`);
}
