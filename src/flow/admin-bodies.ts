/**
 * The bodies a login/consent app sends back (hydra-contract.md §3: accept login, accept consent, reject),
 * decoded as Hydra's encoding/json decodes them into flow.HandledLoginRequest,
 * flow.AcceptOAuth2ConsentRequest and flow.RequestDeniedError (core/go-json.ts: nulls are zero
 * values, field names match case-insensitively, unknown fields are ignored). A wrong type is a
 * 400 naming the field, so that an app's mistake is not silently turned into a different grant.
 */
import { errors } from '../core/errors.js';
import { GoStruct, GoTypeError, decodeGoStruct } from '../core/go-json.js';
import { isUnstorableText } from '../persistence/unstorable-text.js';
import type { ConsentResult, DeniedResult, LoginResult } from './flow-model.js';

const LOGIN = new GoStruct({
  subject: 'string',
  remember: 'bool',
  remember_for: 'int',
  extend_session_lifespan: 'bool',
  acr: 'string',
  amr: 'strings',
  context: 'raw',
  force_subject_identifier: 'string',
  identity_provider_session_id: 'string',
});

const CONSENT = new GoStruct({
  grant_scope: 'strings',
  grant_access_token_audience: 'strings',
  // AcceptOAuth2ConsentRequestSession: two map[string]interface{}.
  session: new GoStruct({ access_token: 'object', id_token: 'object' }),
  remember: 'bool',
  remember_for: 'int',
  context: 'raw',
});

const DENIED = new GoStruct({
  error: 'string',
  error_description: 'string',
  error_hint: 'string',
  error_debug: 'string',
  status_code: 'int',
});

type Body = Record<string, unknown>;

function decode(raw: unknown, shape: GoStruct): Body {
  try {
    return decodeGoStruct(raw, shape);
  } catch (error) {
    if (error instanceof GoTypeError) {
      throw errors.invalidRequest.withHint(error.field === 'the body' ? 'The request body must be a JSON object.' : error.message);
    }
    throw error;
  }
}

function seconds(body: Body, name: string): number {
  const value = (body[name] as number | undefined) ?? 0;
  if (value < 0) throw errors.invalidRequest.withHint(`Field '${name}' must be a non-negative integer.`);
  return value;
}

/**
 * RFC 6749 §3.3: a scope token is one or more characters, so "" grants nothing. Go decodes a
 * null element as "", which is how hydra-login-consent-node's `grant_scope: [null]` (no box
 * ticked) becomes an empty grant in Hydra; the same holds for audiences.
 */
const tokens = (value: unknown) => ((value as string[] | undefined) ?? []).filter((item) => item !== '');

/**
 * The identity provider's session id is stored with a remembered login session when the browser
 * comes back (hydra_oauth2_login_session_idp, VARCHAR(255); Hydra's column is VARCHAR(40)): what
 * cannot be stored is refused here, to the app, rather than failing the user's browser later.
 */
function identityProviderSessionId(body: Body): string {
  const id = (body.identity_provider_session_id as string | undefined) ?? '';
  if (id.length > 255 || isUnstorableText(id)) {
    throw errors.invalidRequest.withHint("Field 'identity_provider_session_id' must be at most 255 characters of text.");
  }
  return id;
}

export function readAcceptLogin(raw: unknown, nowSeconds: number): LoginResult {
  const body = decode(raw, LOGIN);
  const subject = (body.subject as string | undefined) ?? '';
  if (subject === '') throw errors.invalidRequest.withHint("Field 'subject' must not be empty.");
  const idpSessionId = identityProviderSessionId(body);
  return {
    subject,
    remember: (body.remember as boolean | undefined) ?? false,
    remember_for: seconds(body, 'remember_for'),
    acr: (body.acr as string | undefined) ?? '',
    amr: (body.amr as string[] | undefined) ?? [],
    context: body.context ?? {},
    force_subject_identifier: (body.force_subject_identifier as string | undefined) ?? '',
    authenticated_at: nowSeconds,
    extend_session_lifespan: (body.extend_session_lifespan as boolean | undefined) ?? false,
    identity_provider_session_id: idpSessionId,
  };
}

export function readAcceptConsent(raw: unknown, nowSeconds: number): ConsentResult {
  const body = decode(raw, CONSENT);
  const session = (body.session as Body | undefined) ?? {};
  return {
    grant_scope: tokens(body.grant_scope),
    grant_access_token_audience: tokens(body.grant_access_token_audience),
    remember: (body.remember as boolean | undefined) ?? false,
    remember_for: seconds(body, 'remember_for'),
    context: body.context ?? {},
    session: {
      access_token: (session.access_token as Body | undefined) ?? {},
      id_token: (session.id_token as Body | undefined) ?? {},
    },
    handled_at: nowSeconds,
  };
}

/** flow/consent_types.go RequestDeniedError: the name defaults to request_denied, the status to 400. */
export function readReject(raw: unknown): DeniedResult {
  const body = decode(raw, DENIED);
  const error = (body.error as string | undefined) || 'request_denied';
  if (!/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/.test(error)) throw errors.invalidRequest.withHint("Field 'error' must be printable ASCII (RFC 6749 §4.1.2.1).");
  const status = (body.status_code as number | undefined) || 400;
  if (status < 400 || status >= 600) throw errors.invalidRequest.withHint("Field 'status_code' must be an HTTP error status.");
  return {
    error,
    error_description: (body.error_description as string | undefined) ?? '',
    error_hint: (body.error_hint as string | undefined) ?? '',
    error_debug: (body.error_debug as string | undefined) ?? '',
    status_code: status,
  };
}
