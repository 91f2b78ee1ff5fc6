/**
 * The body of POST /admin/trust/grants/jwt-bearer/issuers, read as Hydra reads it (oauth2/trust/
 * handler.go decodes createGrantRequest with encoding/json, then validator.go checks it): an
 * `issuer`, exactly one of `subject` and `allow_any_subject`, `expires_at` (RFC 3339) and a `jwk`
 * with a `kid`, each refused with missing_required_parameter and Hydra's hint. `scope` may be
 * empty: the relationship then lets the issuer obtain tokens without scopes.
 *
 * Beyond Hydra: the key must be public. A relationship only ever verifies signatures (RFC 7523
 * §3 item 9), so a private or symmetric key sent here is a key that leaked to this server; Hydra
 * stores whatever go-jose parses. Issuer and subject are at most 255 characters, the columns'
 * width (Hydra answers 500 past it on PostgreSQL).
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { GoStruct, GoTypeError, decodeGoStruct } from '../../core/go-json.js';
import { hasPrivateMaterial, type Jwk } from '../../jwk/jwk.js';
import { MAX_ID_LENGTH, decodeJwk, parseJwk } from '../../jwk/jwk-input.js';

export interface TrustInput {
  issuer: string;
  subject: string;
  allowAnySubject: boolean;
  scope: string[];
  jwk: Jwk;
  /** Epoch ms, rounded to the second as Hydra rounds it. */
  expiresAt: number;
}

const BODY = new GoStruct({ issuer: 'string', subject: 'string', allow_any_subject: 'bool', scope: 'strings', jwk: 'raw', expires_at: 'raw' });

/** Go's time.Time.UnmarshalJSON takes RFC 3339 (§5.6), with an optional fraction of a second. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

const missing = (hint: string) => errors.missingRequiredParameter.withHint(hint);
const invalid = (hint: string) => errors.invalidRequest.withHint(hint);

export function parseTrustInput(body: unknown): TrustInput {
  let value: Record<string, unknown>;
  try {
    value = decodeGoStruct(body, BODY);
  } catch (error) {
    if (!(error instanceof GoTypeError)) throw error;
    throw invalid(error.field === 'the body' ? 'The body must be a JSON object.' : `Field '${error.field}' must be ${error.expected}.`);
  }
  const issuer = (value.issuer as string | undefined) ?? '';
  const subject = (value.subject as string | undefined) ?? '';
  const allowAnySubject = (value.allow_any_subject as boolean | undefined) ?? false;
  const expiresAt = parseTime(value.expires_at);
  const rawJwk = value.jwk === undefined ? {} : decodeJwk(value.jwk, 'jwk');

  // validator.go, in its order.
  if (issuer === '') throw missing("Field 'issuer' is required.");
  if (subject === '' && !allowAnySubject) throw missing("One of 'subject' or 'allow_any_subject' field must be set.");
  if (subject !== '' && allowAnySubject) throw missing("Both 'subject' and 'allow_any_subject' fields cannot be set at the same time.");
  if (expiresAt === undefined) throw missing("Field 'expires_at' is required.");
  if (typeof rawJwk.kid !== 'string' || rawJwk.kid === '') throw missing("Field 'jwk' must contain JWK with kid header.");

  if (issuer.length > MAX_ID_LENGTH) throw invalid(`Field 'issuer' must be at most ${MAX_ID_LENGTH} characters long.`);
  if (subject.length > MAX_ID_LENGTH) throw invalid(`Field 'subject' must be at most ${MAX_ID_LENGTH} characters long.`);
  const jwk = parseJwk(rawJwk, 'jwk');
  if (jwk.kty === 'oct' || hasPrivateMaterial(jwk)) {
    throw invalid("Field 'jwk' must be a public key (RFC 7523 §3: the key only verifies the issuer's signatures); remove its private or symmetric key material.");
  }
  if (jwk.use === 'enc') throw invalid("Field 'jwk' must be a signature key: its \"use\" is \"enc\" (RFC 7517 §4.2).");
  // RFC 7518 §3.3: a key of 2048 bits or larger is required with RS256..PS512; a smaller one
  // could never verify an assertion (jose refuses it), so the relationship would be dead on arrival.
  if (jwk.kty === 'RSA' && (createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw invalid("Field 'jwk' must be an RSA key of 2048 bits or larger (RFC 7518 §3.3).");
  }
  return { issuer, subject, allowAnySubject, scope: (value.scope as string[] | undefined) ?? [], jwk, expiresAt };
}

/** Absent or null: Go's zero time, which validator.go refuses as missing. */
function parseTime(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  const ms = match ? Date.parse((value as string).toUpperCase()) : NaN;
  if (!match || Number.isNaN(ms)) throw invalid("Field 'expires_at' must be a time in RFC 3339 format, such as 2030-01-02T15:04:05Z.");
  // Go's zero time (0001-01-01T00:00:00Z) is what validator.go calls missing.
  if (ms === GO_ZERO_TIME) return undefined;
  return roundToSecond(ms);
}

/** Go's Time.Round(time.Second): halves round up. */
export function roundToSecond(ms: number): number {
  return Math.floor((ms + 500) / 1000) * 1000;
}
