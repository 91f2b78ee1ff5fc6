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
import { hydraPbkdf2 } from './fixture.js';
import { fositeToken } from './tokens.js';

export interface RegisteredHydraClient {
  id: string;
  secret: string;
  /** The registration access token Hydra answered the registrant with. */
  registrationToken: string;
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export async function writeRegisteredClient(db: Kysely<unknown>, nid: string, systemSecret: string, now: number): Promise<RegisteredHydraClient> {
  const id = randomUUID(); // Hydra replaces a registrant's client_id with a UUID
  const secret = randomBytes(26).toString('base64url');
  const token = fositeToken('at', systemSecret);
  const json = (value: unknown) => JSON.stringify(value);
  await sql`INSERT INTO hydra_client (id, nid, pk, pk_deprecated, client_name, client_secret, redirect_uris, grant_types, response_types,
      scope, audience, owner, policy_uri, tos_uri, client_uri, logo_uri, contacts, allowed_cors_origins, client_secret_expires_at,
      sector_identifier_uri, jwks, jwks_uri, request_uris, token_endpoint_auth_method, token_endpoint_auth_signing_alg,
      request_object_signing_alg, userinfo_signed_response_alg, subject_type, created_at, updated_at,
      frontchannel_logout_uri, frontchannel_logout_session_required, post_logout_redirect_uris, backchannel_logout_uri,
      backchannel_logout_session_required, metadata, registration_access_token_signature, access_token_strategy, skip_consent,
      skip_logout_consent)
    VALUES (${id}, ${nid}, ${randomUUID()}, ${200}, 'Registered app', ${hydraPbkdf2(secret)}, ${json(['https://registered.example.com/cb'])},
      ${json(['authorization_code', 'client_credentials'])}, ${json(['code'])}, 'openid', ${json([])},
      '', '', '', '', '', ${json([])}, ${json([])}, 0, '', '{}', '', ${json([])}, 'client_secret_basic', '', '', '', 'public',
      ${utc(now - 3_600_000)}, ${utc(now - 3_600_000)}, '', ${0}, ${json([])}, '', ${0}, '{}', ${token.signature}, '', ${0}, ${null})`.execute(db);
  return { id, secret, registrationToken: token.token };
}
