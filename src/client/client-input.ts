/**
 * Reads a client request body into typed fields, checking only JSON types. Like Hydra's decoder
 * (`encoding/json` into `client.Client`), unknown fields are ignored, `null` means "not given",
 * and server-managed fields (client_secret_expires_at, created_at, updated_at, registration_*)
 * are dropped. A value of the wrong type is refused with a hint that names the field, where
 * Hydra would answer a generic decoding error.
 */
import { errors } from '../core/errors.js';
import { LIFESPAN_FIELDS, type LifespanField } from './client.js';

const STRING_FIELDS = [
  'client_id',
  'client_name',
  'client_secret',
  'scope',
  'owner',
  'policy_uri',
  'tos_uri',
  'client_uri',
  'logo_uri',
  'subject_type',
  'sector_identifier_uri',
  'jwks_uri',
  'token_endpoint_auth_method',
  'token_endpoint_auth_signing_alg',
  'request_object_signing_alg',
  'userinfo_signed_response_alg',
  'frontchannel_logout_uri',
  'backchannel_logout_uri',
  'access_token_strategy',
] as const;

const LIST_FIELDS = [
  'redirect_uris',
  'grant_types',
  'response_types',
  'audience',
  'contacts',
  'allowed_cors_origins',
  'request_uris',
  'post_logout_redirect_uris',
] as const;

const BOOLEAN_FIELDS = [
  'frontchannel_logout_session_required',
  'backchannel_logout_session_required',
  'skip_consent',
  'skip_logout_consent',
] as const;

type StringField = (typeof STRING_FIELDS)[number];
type ListField = (typeof LIST_FIELDS)[number];
type BooleanField = (typeof BOOLEAN_FIELDS)[number];

/** Lifespans as sent: Go duration strings, parsed by the validator. */
export type LifespansInput = { [K in LifespanField]?: string };

export type ClientInput = { [K in StringField]?: string } & { [K in ListField]?: string[] } & {
  [K in BooleanField]?: boolean;
} & LifespansInput & { jwks?: Record<string, unknown>; metadata?: unknown };

export function readClientInput(body: unknown): ClientInput {
  const source = requireObject(body);
  const input: Record<string, unknown> = {};
  for (const field of STRING_FIELDS) copy(source, input, field, 'a string', (v) => typeof v === 'string');
  for (const field of LIST_FIELDS) copy(source, input, field, 'an array of strings', isStringArray);
  for (const field of BOOLEAN_FIELDS) copy(source, input, field, 'a boolean', (v) => typeof v === 'boolean');
  copy(source, input, 'jwks', 'a JSON Web Key Set object', isPlainObject);
  if (source.metadata !== undefined && source.metadata !== null) input.metadata = source.metadata;
  Object.assign(input, readLifespansInput(source));
  return input as ClientInput;
}

/** The body of PUT /admin/clients/{id}/lifespans: only the lifespan fields count. */
export function readLifespansInput(body: unknown): LifespansInput {
  const source = requireObject(body);
  const input: Record<string, unknown> = {};
  for (const field of LIFESPAN_FIELDS) {
    copy(source, input, field, 'a duration string such as "1h" or "30m"', (v) => typeof v === 'string');
  }
  return input as LifespansInput;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw errors.invalidRequest.withHint('The request body must be a JSON object.');
  return body;
}

function copy(
  source: Record<string, unknown>,
  target: Record<string, unknown>,
  field: string,
  expected: string,
  check: (value: unknown) => boolean,
): void {
  const value = source[field];
  if (value === undefined || value === null) return;
  if (!check(value)) throw errors.invalidClientMetadata.withHint(`Field ${field} must be ${expected}.`);
  target[field] = value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
