/**
 * A dynamically registered client (RFC 7591) as Hydra leaves it, for the import tests: Hydra's
 * createOidcDynamicClient (client/handler.go) issues the registration access token with its
 * OAuth2HMACStrategy's GenerateAccessToken, so it is an `ory_at_` fosite token (./tokens.ts
 * fositeToken, node:crypto only), and stores the raw HMAC signature in
 * hydra_client.registration_access_token_signature (migration 20211226156000000000, VARCHAR(128),
 * '' for clients made on the admin API). The secret is PBKDF2-hashed like any other.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { insertHydraClient } from './hydra-client-row.js';
import { fositeToken } from './tokens.js';

export interface RegisteredHydraClient {
  id: string;
  secret: string;
  /** The registration access token Hydra answered the registrant with. */
  registrationToken: string;
}

export async function writeRegisteredClient(
  db: Kysely<unknown>,
  nid: string,
  systemSecret: string,
  now: number,
): Promise<RegisteredHydraClient> {
  const id = randomUUID(); // Hydra replaces a registrant's client_id with a UUID
  const secret = randomBytes(26).toString('base64url');
  const token = fositeToken('at', systemSecret);
  await insertHydraClient(db, nid, {
    id,
    pk: 200,
    name: 'Registered app',
    secret,
    redirectUris: ['https://registered.example.com/cb'],
    grantTypes: ['authorization_code', 'client_credentials'],
    scope: 'openid',
    registrationTokenSignature: token.signature,
    createdAt: now - 3_600_000,
  });
  return { id, secret, registrationToken: token.token };
}
