/**
 * The bodies a login/consent app sends back (contract §3: accept login, accept consent, reject),
 * read strictly: a wrong type is a 400 naming the field, so an app's mistake is not silently
 * turned into a different grant.
 */
import { errors } from '../core/errors.js';
import type { ConsentResult, DeniedResult, LoginResult } from './flow-model.js';

type Body = Record<string, unknown>;

function object(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw errors.invalidRequest.withHint('The request body must be a JSON object.');
  return body as Body;
}

function field<T>(body: Body, name: string, check: (v: unknown) => boolean, kind: string, fallback: T): T {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (!check(value)) throw errors.invalidRequest.withHint(`Field '${name}' must be ${kind}.`);
  return value as T;
}

const isString = (v: unknown) => typeof v === 'string';
const isBool = (v: unknown) => typeof v === 'boolean';
const isSeconds = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isStrings = (v: unknown) => Array.isArray(v) && v.every(isString);
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readAcceptLogin(raw: unknown, nowSeconds: number): LoginResult {
  const body = object(raw);
  const subject = field(body, 'subject', isString, 'a string', '');
  if (subject === '') throw errors.invalidRequest.withHint("Field 'subject' must not be empty.");
  return {
    subject,
    remember: field(body, 'remember', isBool, 'a boolean', false),
    remember_for: field(body, 'remember_for', isSeconds, 'a non-negative integer', 0),
    acr: field(body, 'acr', isString, 'a string', ''),
    amr: field(body, 'amr', isStrings, 'an array of strings', [] as string[]),
    context: body.context ?? {},
    force_subject_identifier: field(body, 'force_subject_identifier', isString, 'a string', ''),
    authenticated_at: nowSeconds,
  };
}

export function readAcceptConsent(raw: unknown, nowSeconds: number): ConsentResult {
  const body = object(raw);
  const session = field<Body>(body, 'session', isObject, 'an object', {});
  return {
    grant_scope: field(body, 'grant_scope', isStrings, 'an array of strings', [] as string[]),
    grant_access_token_audience: field(body, 'grant_access_token_audience', isStrings, 'an array of strings', [] as string[]),
    remember: field(body, 'remember', isBool, 'a boolean', false),
    remember_for: field(body, 'remember_for', isSeconds, 'a non-negative integer', 0),
    context: body.context ?? {},
    session: {
      access_token: field(session, 'access_token', isObject, 'an object', {}),
      id_token: field(session, 'id_token', isObject, 'an object', {}),
    },
    handled_at: nowSeconds,
  };
}

/** flow/consent_types.go RequestDeniedError: the name defaults to request_denied, the status to 400. */
export function readReject(raw: unknown): DeniedResult {
  const body = object(raw);
  const error = field(body, 'error', isString, 'a string', '') || 'request_denied';
  if (!/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/.test(error)) throw errors.invalidRequest.withHint("Field 'error' must be printable ASCII (RFC 6749 §4.1.2.1).");
  const status = field(body, 'status_code', (v) => Number.isInteger(v) && (v as number) >= 400 && (v as number) < 600, 'an HTTP error status', 400);
  return {
    error,
    error_description: field(body, 'error_description', isString, 'a string', ''),
    error_hint: field(body, 'error_hint', isString, 'a string', ''),
    status_code: status,
  };
}
