/**
 * PKCE (RFC 7636), S256 only: `plain` would reveal the verifier to whoever sees the authorization
 * request (RFC 9700 §2.1.1), and Hydra refuses it too (fositex/config.go).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { errors } from '../../core/errors.js';

/** §4.2: BASE64URL(SHA256(verifier)) is 43 characters; §4.1: verifiers are 43-128 unreserved. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Validates the challenge of an authorization request. `required` for public clients (RFC 9700
 * §2.1.1) and for every client under oauth2.pkce.enforced; §4.4.1 names invalid_request.
 */
export function checkChallenge(challenge: string | undefined, method: string | undefined, required: boolean): string | undefined {
  if (challenge === undefined) {
    if (method !== undefined) throw errors.invalidRequest.withHint('"code_challenge_method" was sent without "code_challenge".');
    if (required) {
      throw errors.invalidRequest.withHint(
        'Clients must include a code_challenge when performing the authorize code flow, but it is missing. This client must use PKCE (S256).',
      );
    }
    return undefined;
  }
  // §4.3: an absent method means plain, which is refused.
  if (method !== 'S256') {
    throw errors.invalidRequest.withHint('The code_challenge_method must be "S256"; "plain" and absent methods are not accepted.');
  }
  if (!CHALLENGE.test(challenge)) throw errors.invalidRequest.withHint('The code_challenge is not a base64url-encoded SHA-256 hash.');
  return challenge;
}

/** §4.6 at the token endpoint; every failure is invalid_grant. */
export function verifyCodeVerifier(challenge: string | undefined, verifier: string | undefined): void {
  if (challenge === undefined) {
    // RFC 9700 §4.8.2: a verifier without a challenge is a PKCE downgrade attempt.
    if (verifier !== undefined) throw errors.invalidGrant.withHint('The code_verifier was provided but the authorization request had no code_challenge.');
    return;
  }
  if (verifier === undefined) throw errors.invalidGrant.withHint('The code_verifier is missing; the authorization request used PKCE.');
  if (!VERIFIER.test(verifier)) throw errors.invalidGrant.withHint('The code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).');
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) {
    throw errors.invalidGrant.withHint('The PKCE code challenge did not match the code verifier.');
  }
}
