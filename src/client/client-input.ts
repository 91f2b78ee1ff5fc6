/**
 * Reads a client request body into typed fields, checking only JSON types, as Hydra's decoder
 * (`encoding/json` into `client.Client`) does: unknown fields are ignored, `null` is the zero
 * value, a null list element is "", field names match case-insensitively (core/go-json.ts), and
 * server-managed fields (client_secret_expires_at, created_at, updated_at, registration_*) are
 * dropped. A value of the wrong type is refused with a hint that names the field, where Hydra
 * would answer a generic decoding error.
 */
import { errors } from '../core/errors.js';
import { GoStruct, GoTypeError, decodeGoStruct, type GoKind } from '../core/go-json.js';
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

/**
 * client.Client as Go decodes it (core/go-json.ts): lists are []string, jwks a JSON Web Key Set
 * object, metadata any JSON, lifespans duration strings (x.NullDuration).
 */
const CLIENT = new GoStruct({
  ...Object.fromEntries(STRING_FIELDS.map((field) => [field, 'string'])),
  ...Object.fromEntries(LIST_FIELDS.map((field) => [field, 'strings'])),
  ...Object.fromEntries(BOOLEAN_FIELDS.map((field) => [field, 'bool'])),
  ...Object.fromEntries(LIFESPAN_FIELDS.map((field) => [field, 'string'])),
  jwks: 'object',
  metadata: 'raw',
} as Record<string, GoKind>);

const LIFESPANS = new GoStruct(Object.fromEntries(LIFESPAN_FIELDS.map((field) => [field, 'string'])) as Record<string, GoKind>);

export function readClientInput(body: unknown): ClientInput {
  return decode(body, CLIENT) as ClientInput;
}

/** The body of PUT /admin/clients/{id}/lifespans: only the lifespan fields count. */
export function readLifespansInput(body: unknown): LifespansInput {
  return decode(body, LIFESPANS) as LifespansInput;
}

function decode(body: unknown, shape: GoStruct): Record<string, unknown> {
  // An empty body is not a client: Go's decoder answers io.EOF, which Hydra reports as a 400.
  if (body === undefined) throw errors.invalidRequest.withHint('The request body must be a JSON object.');
  try {
    return decodeGoStruct(body, shape);
  } catch (error) {
    if (!(error instanceof GoTypeError)) throw error;
    if (error.field === 'the body') throw errors.invalidRequest.withHint('The request body must be a JSON object.');
    const expected = error.field === 'jwks' ? 'a JSON Web Key Set object' : LIFESPAN_FIELDS.includes(error.field as LifespanField) ? 'a duration string such as "1h" or "30m"' : error.expected;
    throw errors.invalidClientMetadata.withHint(`Field ${error.field} must be ${expected}.`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
