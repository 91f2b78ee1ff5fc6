/**
 * A Hydra v26 hydra_oauth2_flow row as Tessera's given consent: its flow (sealed FlowData, state
 * consent_used) and its consent-session entry, so that Tessera's own skip
 * (flow/remembered.ts), listing and revocation (session/consent-sessions.ts) serve it unchanged.
 *
 * Facts (Hydra flow/flow.go, persister_consent.go):
 * - v26 writes a flow row only when the consent verifier is used (verifyConsent ->
 *   CreateConsentSession), with state NULL (the column is no longer written); rows written by
 *   older versions carry the state numbers 1..9, 128, 129. Used: NULL or 6 (FlowStateConsentUsed).
 * - consent_challenge_id is the consent request id, and the request_id of every token of the
 *   grant (revokeConsentSession deletes tokens by it): kept as Tessera's consentRequestId.
 * - A remembered consent is consent_remember and not consent_skip; it lapses at
 *   requested_at + consent_remember_for when that is positive (the generated expires_at).
 * - Lists (scopes, audiences, amr) are JSON arrays; oidc_context, context and the session claims
 *   JSON objects; times UTC.
 */
import { randomBytes } from 'node:crypto';
import type { Aead } from '../../crypto/aead.js';
import type { AuthorizeRequest, FlowData } from '../../flow/flow-model.js';
import { stepHash } from '../../flow/step-secret.js';
import type { ConsentSessionRow, FlowRow } from '../../persistence/tables.js';
import { bool, json, list, NotCarried, text, utcMs } from './mapping.js';
import type { HydraRow } from './reader.js';

const USED = 6;
const REJECTED = [128, 129];

/** The reason a flow row stays behind, or undefined for a given consent. */
export function notCarriedReason(row: HydraRow): string | undefined {
  const state = row.state === null || row.state === undefined ? null : Number(row.state);
  if (state !== null && REJECTED.includes(state)) return 'rejected: nothing was granted';
  if ((state !== null && state !== USED) || text(row.consent_challenge_id) === '') return 'in flight: the user retries the login';
  return undefined;
}

const object = (value: unknown, column: string): Record<string, unknown> => {
  const parsed = json(value, column);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
};

const seconds = (value: unknown, column: string, fallback: number): number =>
  Math.floor((value === null || value === undefined ? fallback : utcMs(value, column)) / 1000);

/** The authorization request as far as Hydra kept it: its URL, scopes, audiences and OIDC context. */
function requestOf(row: HydraRow, clientId: string): AuthorizeRequest {
  const requestUrl = text(row.request_url);
  let query = new URLSearchParams();
  try {
    query = new URL(requestUrl).searchParams;
  } catch {
    // An unparsable URL: the request's details stay empty; the consent needs none of them.
  }
  const oidc = object(row.oidc_context, 'oidc_context');
  const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const request: AuthorizeRequest = {
    clientId,
    redirectUri: query.get('redirect_uri') ?? '',
    redirectUriSent: query.has('redirect_uri'),
    responseType: query.get('response_type') ?? 'code',
    scope: list(row.requested_scope, 'requested_scope'),
    audience: list(row.requested_at_audience, 'requested_at_audience'),
    prompt: [],
    acrValues: strings(oidc.acr_values),
    uiLocales: strings(oidc.ui_locales),
    requestUrl,
  };
  if (typeof oidc.display === 'string' && oidc.display) request.display = oidc.display;
  if (typeof oidc.login_hint === 'string' && oidc.login_hint) request.loginHint = oidc.login_hint;
  const hint = oidc.id_token_hint_claims;
  if (hint && typeof hint === 'object' && Object.keys(hint).length > 0) request.idTokenHintClaims = hint as Record<string, unknown>;
  const state = query.get('state');
  if (state) request.state = state;
  return request;
}

export function mapConsent(row: HydraRow, aead: Aead): { flow: FlowRow; session: ConsentSessionRow } {
  const reason = notCarriedReason(row);
  if (reason) throw new NotCarried(reason);
  const id = text(row.login_challenge);
  const clientId = text(row.client_id);
  const requestedAt = utcMs(row.requested_at, 'requested_at');
  const rememberFor = Number(row.consent_remember_for ?? 0) || 0;
  const skip = bool(row.consent_skip);
  const remember = bool(row.consent_remember);
  const context = json(row.context, 'context') ?? {};
  const data: FlowData = {
    request: requestOf(row, clientId),
    loginChallenge: id,
    loginCsrf: '',
    loginSessionId: text(row.login_session_id),
    skip: bool(row.login_skip),
    consentSkip: skip,
    consentRequestId: text(row.consent_challenge_id),
    login: {
      subject: text(row.subject),
      remember: bool(row.login_remember),
      remember_for: Number(row.login_remember_for ?? 0) || 0,
      acr: text(row.acr),
      amr: list(row.amr, 'amr'),
      context,
      force_subject_identifier: text(row.forced_subject_identifier),
      authenticated_at: seconds(row.login_authenticated_at, 'login_authenticated_at', requestedAt),
      identity_provider_session_id: text(row.identity_provider_session_id),
    },
    consent: {
      grant_scope: list(row.granted_scope, 'granted_scope'),
      grant_access_token_audience: list(row.granted_at_audience, 'granted_at_audience'),
      remember,
      remember_for: rememberFor,
      context,
      session: { access_token: object(row.session_access_token, 'session_access_token'), id_token: object(row.session_id_token, 'session_id_token') },
      handled_at: seconds(row.consent_handled_at, 'consent_handled_at', requestedAt),
    },
  };
  const flow: FlowRow = {
    id,
    // The used flow's steps are over: its step columns name nothing anyone holds.
    login_challenge: stepHash(randomBytes(32).toString('base64url')),
    login_verifier: null,
    consent_challenge: null,
    consent_verifier: null,
    state: 'consent_used',
    client_id: clientId,
    subject: text(row.subject),
    // Hydra's FindGrantedAndRememberedConsentRequest: remembered and not itself a skip.
    consent_remember: remember && !skip ? 1 : 0,
    requested_at: requestedAt,
    expires_at: requestedAt,
    data: aead.seal(JSON.stringify(data), `flow:${id}`),
  };
  const session: ConsentSessionRow = {
    flow_id: id,
    consent_request_id: data.consentRequestId,
    login_session_id: data.loginSessionId,
    consent_skip: skip ? 1 : 0,
    consent_expires_at: rememberFor > 0 ? requestedAt + rememberFor * 1000 : null,
  };
  return { flow, session };
}
