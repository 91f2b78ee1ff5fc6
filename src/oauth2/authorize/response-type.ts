/**
 * The response_type of an authorization request as a set of words (OAuth 2.0 Multiple Response
 * Type Encoding Practices §3: "the order of the values does not matter"), and the response mode
 * its answer travels in (§2.1, OAuth 2.0 Form Post Response Mode §2).
 */
import { errors } from '../../core/errors.js';
import type { Client } from '../../client/client.js';
import type { FormParameters } from '../../core/form-parameters.js';

export type ResponseMode = 'query' | 'fragment' | 'form_post';

export interface ResponseType {
  code: boolean;
  token: boolean;
  idToken: boolean;
}

const MODES: readonly string[] = ['query', 'fragment', 'form_post'];

/** The words of a response_type, or undefined when one is unknown, repeated or it is empty. */
export function parseResponseType(value: string): ResponseType | undefined {
  const words = value.split(' ').filter((w) => w !== '');
  const known = ['code', 'token', 'id_token'];
  if (words.length === 0 || words.some((w) => !known.includes(w)) || new Set(words).size !== words.length) return undefined;
  return { code: words.includes('code'), token: words.includes('token'), idToken: words.includes('id_token') };
}

/** A canonical spelling, so that "id_token code" and "code id_token" are stored alike. */
export function responseTypeName(type: ResponseType): string {
  return [type.code && 'code', type.idToken && 'id_token', type.token && 'token'].filter(Boolean).join(' ');
}

/**
 * fosite validateResponseTypes: the client must have registered this very combination, in any
 * word order. Then the grants behind it (fosite's implicit, hybrid and explicit handlers): a code
 * needs authorization_code, a token or ID token from this endpoint needs implicit.
 */
export function checkClientResponseType(client: Client, requested: string, type: ResponseType): void {
  const registered = client.response_types.length > 0 ? client.response_types : ['code'];
  const same = (candidate: string) => {
    const parsed = parseResponseType(candidate);
    return parsed !== undefined && responseTypeName(parsed) === responseTypeName(type);
  };
  if (!registered.some(same)) {
    throw errors.unsupportedResponseType.withHint(`The client is not allowed to request response_type '${requested}'.`);
  }
  const grants = client.grant_types.length > 0 ? client.grant_types : ['authorization_code'];
  // RFC 6749 §4.1.2.1 / §4.2.2.1 name unauthorized_client for this (fosite answers invalid_grant).
  if (type.code && !grants.includes('authorization_code')) {
    throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'authorization_code'.");
  }
  if ((type.token || type.idToken) && !grants.includes('implicit')) {
    throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use the authorization grant 'implicit'.");
  }
}

/** Multiple Response Types §2.1 and §5: query for code alone, fragment for anything carrying a token. */
export function defaultResponseMode(type: ResponseType): ResponseMode {
  return type.token || type.idToken ? 'fragment' : 'query';
}

/**
 * The requested response_mode, checked. Multiple Response Types §5 and RFC 9700 §4.3.2: a token
 * in a query string leaks into logs and Referer headers, so `query` is refused whenever the
 * response carries a token or an ID token (fosite: "Insecure response_mode").
 */
export function resolveResponseMode(value: string | undefined, type: ResponseType, requested: string): ResponseMode {
  if (value === undefined || value === '') return defaultResponseMode(type);
  if (!MODES.includes(value)) throw errors.unsupportedResponseMode.withHint(`Request with unsupported response_mode "${value}".`);
  if (value === 'query' && defaultResponseMode(type) === 'fragment') {
    throw errors.unsupportedResponseMode.withHint(`Insecure response_mode 'query' for the response_type '${requested}'.`);
  }
  return value as ResponseMode;
}

/**
 * The mode an error travels in once the redirect URI is known, even when the request itself is
 * invalid (fosite's fallback in NewAuthorizeRequest): a valid requested mode, else the default of
 * the response type, else query. Never query for a request that asked for tokens.
 */
export function errorResponseMode(params: FormParameters): ResponseMode {
  const type = parseResponseType(params.get('response_type') ?? 'code') ?? { code: true, token: false, idToken: false };
  const requested = params.get('response_mode');
  if (requested === 'form_post' || requested === 'fragment') return requested;
  return defaultResponseMode(type);
}

