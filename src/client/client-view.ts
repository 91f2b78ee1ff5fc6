/**
 * A client as Hydra's admin API prints it (`client.Client` through `encoding/json`): the field
 * order of the Go struct, `omitempty` fields left out when empty, unset lifespans and
 * skip_logout_consent as null, an unset jwks as `{}`, client_secret_expires_at always 0, and
 * times in RFC 3339. The secret appears only when the request that produced the view set it.
 */
import { LIFESPAN_FIELDS, type Client } from './client.js';

export type ClientJson = Record<string, unknown>;

/** RFC 7591 §3.2.1 / RFC 7592 §3: what a registration response adds, where Hydra's struct has it (after metadata). */
export interface RegistrationFields {
  registration_access_token?: string;
  registration_client_uri?: string;
}

export function clientView(client: Client, secret?: string, registration: RegistrationFields = {}): ClientJson {
  const out: ClientJson = { client_id: client.client_id, client_name: client.client_name };
  if (secret) out.client_secret = secret;
  Object.assign(out, {
    redirect_uris: client.redirect_uris,
    grant_types: client.grant_types,
    response_types: client.response_types,
    scope: client.scope,
    audience: client.audience,
    owner: client.owner,
    policy_uri: client.policy_uri,
    allowed_cors_origins: client.allowed_cors_origins,
    tos_uri: client.tos_uri,
    client_uri: client.client_uri,
    logo_uri: client.logo_uri,
    contacts: client.contacts,
    client_secret_expires_at: 0,
    subject_type: client.subject_type,
  });
  setIfPresent(out, 'sector_identifier_uri', client.sector_identifier_uri);
  out.jwks = client.jwks ?? {};
  setIfPresent(out, 'jwks_uri', client.jwks_uri);
  out.token_endpoint_auth_method = client.token_endpoint_auth_method;
  setIfPresent(out, 'token_endpoint_auth_signing_alg', client.token_endpoint_auth_signing_alg);
  setIfPresent(out, 'request_uris', client.request_uris);
  setIfPresent(out, 'request_object_signing_alg', client.request_object_signing_alg);
  out.userinfo_signed_response_alg = client.userinfo_signed_response_alg;
  out.created_at = rfc3339(client.created_at);
  out.updated_at = rfc3339(client.updated_at);
  setIfPresent(out, 'frontchannel_logout_uri', client.frontchannel_logout_uri);
  setIfPresent(out, 'frontchannel_logout_session_required', client.frontchannel_logout_session_required);
  setIfPresent(out, 'post_logout_redirect_uris', client.post_logout_redirect_uris);
  setIfPresent(out, 'backchannel_logout_uri', client.backchannel_logout_uri);
  setIfPresent(out, 'backchannel_logout_session_required', client.backchannel_logout_session_required);
  out.metadata = client.metadata;
  setIfPresent(out, 'registration_access_token', registration.registration_access_token);
  setIfPresent(out, 'registration_client_uri', registration.registration_client_uri);
  setIfPresent(out, 'access_token_strategy', client.access_token_strategy);
  out.skip_consent = client.skip_consent;
  out.skip_logout_consent = client.skip_logout_consent ?? null;
  for (const field of LIFESPAN_FIELDS) out[field] = client[field] ?? null;
  return out;
}

/** Go's omitempty: empty strings, empty arrays and false are left out. */
function setIfPresent(out: ClientJson, field: string, value: string | boolean | string[] | undefined): void {
  if (value === undefined || value === '' || value === false) return;
  if (Array.isArray(value) && value.length === 0) return;
  out[field] = value;
}

/** Go's time.Time JSON form for UTC (RFC 3339, fraction only when not zero). */
export function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.?0+Z$/, 'Z');
}
