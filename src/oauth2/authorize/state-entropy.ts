/**
 * The `state` of an authorization request is the client's CSRF defence (RFC 6749 §10.12, RFC 6819
 * §4.4.1.8), so Hydra requires one that cannot be guessed: fosite's authorize_request_handler.go
 * refuses a state shorter than MinParameterEntropy (8), or none, with invalid_state, returned to
 * the client by redirect once its redirect URI is known. Tessera follows, with one exception: a
 * plain code request that carries a PKCE code_challenge, since PKCE already gives the client that
 * protection (RFC 9700 §2.1: such clients MAY rely on it) and modern clients leave state out then.
 * A response with a token or ID token in the front channel is not bound to the verifier, so it
 * still needs state.
 */
import { Buffer } from 'node:buffer';
import { errors } from '../../core/errors.js';
import type { ResponseType } from './response-type.js';

/** fosite's MinParameterEntropy: the fewest characters of state and nonce. */
export const MIN_PARAMETER_ENTROPY = 8;

/** Go's len() counts bytes, so a value of multi-byte characters is measured as fosite measures it. */
export function hasMinimumEntropy(value: string): boolean {
  return Buffer.byteLength(value, 'utf8') >= MIN_PARAMETER_ENTROPY;
}

export function checkState(state: string | undefined, type: ResponseType, codeChallenge: string | undefined): void {
  const pkceOnlyCode = type.code && !type.token && !type.idToken && codeChallenge !== undefined && codeChallenge !== '';
  if (pkceOnlyCode) return;
  if (!hasMinimumEntropy(state ?? '')) {
    throw errors.invalidState.withHint(`Request parameter 'state' must be at least be ${MIN_PARAMETER_ENTROPY} characters long to ensure sufficient entropy.`);
  }
}
