/**
 * The protocol vocabulary a client may register: grant types, response types, token endpoint
 * authentication methods and access token strategies. Hydra stores whatever it is given here and
 * fails later, at the token or authorization endpoint; Tessera refuses an unknown value at
 * registration, where the operator sees which field is wrong.
 */
import { errors } from '../core/errors.js';

/** RFC 6749 §4, RFC 7523 §2.1, RFC 8628 §3.4 and RFC 8693 §2.1. */
export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'password',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
] as const;

/**
 * The methods fosite implements and Hydra advertises in discovery, and client_secret_jwt, which
 * Tessera adds (RFC 7523 §2.2, oauth2/assertion/assertion-methods.ts); the default is the first.
 */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_secret_jwt', 'none'] as const;

/** OAuth 2.0 Multiple Response Type Encoding Practices §5: combinations of these, or `none` alone. */
const RESPONSE_TYPE_WORDS = new Set(['code', 'token', 'id_token']);

export function checkAuthMethod(value: string | undefined): string {
  const method = value || TOKEN_ENDPOINT_AUTH_METHODS[0];
  if (!(TOKEN_ENDPOINT_AUTH_METHODS as readonly string[]).includes(method)) {
    throw errors.invalidClientMetadata.withHint(
      `Field token_endpoint_auth_method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}, not "${method}".`,
    );
  }
  return method;
}

export function checkGrantTypes(values: readonly string[]): void {
  const unknown = values.find((g) => !(GRANT_TYPES as readonly string[]).includes(g));
  if (unknown !== undefined) throw errors.invalidClientMetadata.withHint(`Field grant_types holds the unknown grant type "${unknown}".`);
}

export function checkResponseTypes(values: readonly string[]): void {
  const unknown = values.find((value) => {
    if (value === 'none') return false;
    const words = value.split(' ');
    return new Set(words).size !== words.length || !words.every((w) => RESPONSE_TYPE_WORDS.has(w));
  });
  if (unknown !== undefined) {
    throw errors.invalidClientMetadata.withHint(`Field response_types holds the unknown response type "${unknown}".`);
  }
}

/** Hydra matches the strategy case-insensitively and stores it lower-case (`ToAccessTokenStrategyType`). */
export function canonicalStrategy(value: string | undefined): 'jwt' | 'opaque' | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'jwt' || lower === 'opaque') return lower;
  throw errors.invalidClientMetadata.withHint(`Field access_token_strategy must be "jwt" or "opaque", not "${value}".`);
}
