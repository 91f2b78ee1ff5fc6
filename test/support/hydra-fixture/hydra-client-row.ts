/**
 * One hydra_client row as Hydra v26 writes it (client/client.go; lists as JSON arrays, times as
 * UTC timestamps, booleans bound as 1/0), for the fixture writers that add a client of their own
 * beside the fixture's three (tokens, registration, device codes, forced subjects). Columns not
 * named here hold what Hydra writes for a client created without them.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { hydraPbkdf2 } from './fixture.js';

export interface HydraClientFixture {
  id: string;
  /** Hydra's pk_deprecated: unique per fixture client. */
  pk: number;
  name: string;
  secret: string;
  redirectUris: string[];
  grantTypes: string[];
  scope: string;
  audience?: string[];
  subjectType?: 'public' | 'pairwise';
  /** The signature of its RFC 7592 registration access token, when registered dynamically. */
  registrationTokenSignature?: string;
  /** Epoch ms. */
  createdAt: number;
}

export const hydraUtc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export async function insertHydraClient(db: Kysely<unknown>, nid: string, client: HydraClientFixture): Promise<void> {
  const json = (value: unknown) => JSON.stringify(value);
  const created = hydraUtc(client.createdAt);
  await sql`INSERT INTO hydra_client (id, nid, pk, pk_deprecated, client_name, client_secret, redirect_uris, grant_types, response_types,
      scope, audience, owner, policy_uri, tos_uri, client_uri, logo_uri, contacts, allowed_cors_origins, client_secret_expires_at,
      sector_identifier_uri, jwks, jwks_uri, request_uris, token_endpoint_auth_method, token_endpoint_auth_signing_alg,
      request_object_signing_alg, userinfo_signed_response_alg, subject_type, created_at, updated_at,
      frontchannel_logout_uri, frontchannel_logout_session_required, post_logout_redirect_uris, backchannel_logout_uri,
      backchannel_logout_session_required, metadata, registration_access_token_signature, access_token_strategy, skip_consent,
      skip_logout_consent)
    VALUES (${client.id}, ${nid}, ${randomUUID()}, ${client.pk}, ${client.name}, ${hydraPbkdf2(client.secret)}, ${json(client.redirectUris)},
      ${json(client.grantTypes)}, ${json(['code'])}, ${client.scope}, ${json(client.audience ?? [])},
      '', '', '', '', '', ${json([])}, ${json([])}, 0, '', '{}', '', ${json([])}, 'client_secret_basic', '', '', '', ${client.subjectType ?? 'public'},
      ${created}, ${created}, '', ${0}, ${json([])}, '', ${0}, '{}', ${client.registrationTokenSignature ?? ''}, '', ${0}, ${null})`.execute(
    db,
  );
}
