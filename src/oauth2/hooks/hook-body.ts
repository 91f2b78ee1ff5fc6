/**
 * The JSON bodies Hydra posts to its hooks (oauth2/token_hook.go TokenHookRequest,
 * oauth2/refresh_hook.go RefreshTokenHookRequest), field for field. `session` is Hydra's
 * oauth2.Session as Go's encoding/json writes it: the OpenID Connect session under `id_token`
 * (its claims under `id_token_claims`, times as RFC 3339 strings, Go's zero time for those not
 * set), the access token's claims under `extra`, and the claim-shaping settings.
 *
 * `request.payload` is the token request's form filtered as fosite's Sanitize(["assertion"])
 * keeps it: grant_type, response_type, scope, client_id and assertion only, so a client secret,
 * a code, a code_verifier or a refresh token never leaves the server.
 */
import { splitScope } from '../../core/scope-strategy.js';
import type { Issuance } from '../tokens/token-responder.js';
import type { TokenRequest } from '../grants/grant-handler.js';

/** fosite request.go defaultAllowedParameters, plus the one Hydra's token hook adds. */
const PAYLOAD_PARAMETERS = new Set(['grant_type', 'response_type', 'scope', 'client_id', 'assertion']);
/** Grants whose scope is the request's own (fosite: nothing stored to take it from). */
const SCOPE_FROM_REQUEST = new Set(['client_credentials', 'jwt_bearer']);
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** The claim settings Hydra copies into every session (oauth2/session.go NewSessionWithCustomClaims). */
export interface SessionSettings {
  issuer: string;
  allowedTopLevelClaims: string[];
  mirrorTopLevelClaims: boolean;
  preserveExtClaims: boolean;
  excludeNotBeforeClaim: boolean;
}

export interface HookedIssuance {
  issuance: Issuance;
  request: TokenRequest;
  /** Expiry of each token the response will carry (fosite sets them before the hooks run). */
  expiresAt: { access_token: number; refresh_token?: number };
  nonce?: string;
  now: number;
}

export function tokenHookBody(hooked: HookedIssuance, settings: SessionSettings): Record<string, unknown> {
  const { issuance, request } = hooked;
  return {
    session: sessionJson(hooked, settings),
    request: {
      client_id: issuance.client.client_id,
      requested_scopes: requestedScopes(issuance, request),
      granted_scopes: issuance.scope,
      granted_audience: issuance.audience,
      grant_types: grantTypes(request),
      payload: payload(request),
    },
  };
}

export function refreshHookBody(hooked: HookedIssuance, settings: SessionSettings): Record<string, unknown> {
  const { issuance, request } = hooked;
  const clientId = issuance.client.client_id;
  return {
    subject: issuance.subject,
    session: sessionJson(hooked, settings),
    requester: { client_id: clientId, granted_scopes: issuance.scope, granted_audience: issuance.audience, grant_types: grantTypes(request) },
    client_id: clientId,
    granted_scopes: issuance.scope,
    granted_audience: issuance.audience,
  };
}

function sessionJson({ issuance, nonce, now, expiresAt }: HookedIssuance, settings: SessionSettings): Record<string, unknown> {
  const user = issuance.idTokenSession;
  const expires: Record<string, string> = { access_token: goTime(expiresAt.access_token) };
  if (expiresAt.refresh_token !== undefined) expires.refresh_token = goTime(expiresAt.refresh_token);
  const claims = {
    jti: '',
    iss: settings.issuer,
    sub: user ? (user.subject ?? issuance.subject) : '',
    aud: user ? [issuance.client.client_id] : null,
    nonce: nonce ?? '',
    exp: GO_ZERO_TIME,
    iat: goTime(now),
    rat: user?.requestedAt !== undefined ? goTime(user.requestedAt * 1000) : GO_ZERO_TIME,
    auth_time: user ? goTime(user.authTime * 1000) : GO_ZERO_TIME,
    at_hash: '',
    acr: user?.acr ?? '',
    amr: user?.amr ?? null,
    c_hash: '',
    ext: user?.claims ?? null,
  };
  const idToken: Record<string, unknown> = { id_token_claims: claims, headers: { extra: {} }, expires_at: expires };
  if (issuance.subject !== '') idToken.subject = issuance.subject;
  return {
    id_token: idToken,
    extra: issuance.ext,
    kid: '',
    client_id: issuance.client.client_id,
    consent_challenge: '',
    exclude_not_before_claim: settings.excludeNotBeforeClaim,
    allowed_top_level_claims: settings.allowedTopLevelClaims,
    mirror_top_level_claims: settings.mirrorTopLevelClaims,
    preserve_ext_claims: settings.preserveExtClaims,
  };
}

/** fosite access_request_handler.go: grant_type split on spaces. */
function grantTypes(request: TokenRequest): string[] {
  return splitScope(request.params.get('grant_type'));
}

/**
 * fosite's requested scopes: the request's `scope` when it has one; else what the stored grant
 * (code, refresh token) was given, which Tessera keeps in place of what was asked at authorize.
 */
function requestedScopes(issuance: Issuance, request: TokenRequest): string[] {
  if (request.params.has('scope') || SCOPE_FROM_REQUEST.has(issuance.grant)) return splitScope(request.params.get('scope'));
  return issuance.scope;
}

function payload(request: TokenRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of request.params.entries()) if (PAYLOAD_PARAMETERS.has(name)) out[name] = [value];
  return out;
}

/** Go's time.Time JSON: RFC 3339 in UTC, fractional seconds only when there are any. */
function goTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
