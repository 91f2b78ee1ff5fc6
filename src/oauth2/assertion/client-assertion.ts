/**
 * A JWT client assertion (RFC 7523 §2.2 and §3, OIDC Core §9) checked as fosite's
 * DefaultClientAuthenticationStrategy checks it, in its order and with its hints: the algorithm
 * the client registered, the signature, the time claims, `iss` and `sub` naming the client, a
 * `jti`, then the audience, then the single use of the `jti`. Two checks are Tessera's own: `exp`
 * is required and at most MAX_ASSERTION_LIFETIME_MS ahead (fosite bounds neither, and a far `exp`
 * keeps a captured assertion, and its `jti` record, alive that long), and the audience may also be
 * the issuer identifier (RFC 7523 §3 item 3 asks for "its own identity"; oauth4webapi and
 * openid-client send the issuer).
 *
 * Every failure is `invalid_client` (RFC 7523 §3.2: the assertion did not authenticate the
 * client), a replayed `jti` included, where fosite answers `jti_known`.
 */
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { errors, type OAuthError } from '../../core/errors.js';
import type { UsedJtis } from './used-jtis.js';
import type { VerificationKeyResolver } from './client-keys.js';

/** Tessera's bound on how far ahead a client assertion's `exp` may be (fosite has none). */
export const MAX_ASSERTION_LIFETIME_MS = 60 * 60_000;
/**
 * Clock skew allowed on top of it: a library that sets `exp = iat + 3600` from a clock a little
 * ahead of this server's must still get in (RFC 7519 §4.1.4 allows "some small leeway").
 */
export const ASSERTION_EXP_LEEWAY_MS = 5 * 60_000;

export interface AssertionPolicy {
  /** The `aud` values that name this server: its token endpoint URLs (as Hydra lists them) and issuer. */
  audiences: readonly string[];
  usedJtis: UsedJtis;
  now: () => number;
}

export interface AssertionCheck {
  assertion: string;
  clientId: string;
  /** The JWS algorithms this client may use; the header's `alg` must be one of them. */
  algorithms: readonly string[];
  /** The verification key: the client's registered keys, or its secret for client_secret_jwt. */
  key: VerificationKeyResolver | Uint8Array;
}

const invalid = (hint: string): OAuthError => errors.invalidClient.withHint(hint);

export async function verifyClientAssertion(check: AssertionCheck, policy: AssertionPolicy): Promise<void> {
  const now = policy.now();
  const alg = headerAlg(check.assertion);
  if (!check.algorithms.includes(alg)) {
    throw invalid(`The 'client_assertion' uses signing algorithm '${alg}' but the requested OAuth 2.0 Client enforces signing algorithm '${check.algorithms.join("' or '")}'.`);
  }
  let claims: JWTPayload;
  try {
    claims = await verifiedClaims(check, now);
  } catch (error) {
    throw failure(error);
  }
  const exp = claims.exp!;
  if (claims.iss !== check.clientId) throw invalid("Claim 'iss' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
  if (claims.sub !== check.clientId) throw invalid("Claim 'sub' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
  if (typeof claims.jti !== 'string' || claims.jti === '') throw invalid("Claim 'jti' from 'client_assertion' must be set but is not.");
  if (exp * 1000 - now > MAX_ASSERTION_LIFETIME_MS + ASSERTION_EXP_LEEWAY_MS) {
    throw invalid(`Claim 'exp' from 'client_assertion' must not be more than ${MAX_ASSERTION_LIFETIME_MS / 60_000} minutes in the future.`);
  }
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.some((aud) => policy.audiences.includes(aud))) {
    throw invalid(`Claim 'audience' from 'client_assertion' must match the authorization server's token endpoint '${policy.audiences.join("' or '")}'.`);
  }
  // RFC 7523 §3 item 7, OIDC Core §9: single use until `exp`, across every instance on the database.
  if (!(await policy.usedJtis.markUsed(claims.jti, exp * 1000, now))) {
    throw invalid("Claim 'jti' from 'client_assertion' MUST only be used once.");
  }
}

/**
 * jose's verification; when the header names no `kid` and several registered keys fit the
 * algorithm, each is tried (jose's documented way), as fosite takes the set's keys in turn.
 */
async function verifiedClaims(check: AssertionCheck, now: number): Promise<JWTPayload> {
  const options = { algorithms: [...check.algorithms], currentDate: new Date(now), requiredClaims: ['exp'] };
  try {
    return (await jwtVerify(check.assertion, check.key as VerificationKeyResolver, options)).payload;
  } catch (error) {
    if (!(error instanceof joseErrors.JWKSMultipleMatchingKeys)) throw error;
    for await (const key of error as unknown as AsyncIterable<CryptoKey>) {
      try {
        return (await jwtVerify(check.assertion, key, options)).payload;
      } catch (inner) {
        if (!(inner instanceof joseErrors.JWSSignatureVerificationFailed)) throw inner;
      }
    }
    throw new joseErrors.JWSSignatureVerificationFailed();
  }
}

function headerAlg(assertion: string): string {
  try {
    const { alg } = decodeProtectedHeader(assertion);
    if (typeof alg === 'string') return alg;
  } catch {
    // reported below
  }
  throw invalid("Unable to verify the integrity of the 'client_assertion' value.").withDebug('the assertion is not a JWS with an alg header');
}

/** jose's failure as fosite words it; the reason goes to error_debug only. */
function failure(error: unknown): OAuthError {
  if (error instanceof joseErrors.JWTExpired || error instanceof joseErrors.JWTClaimValidationFailed) {
    return invalid("Unable to verify the request object because its claims could not be validated, check if the expiry time is set correctly.").withDebug(
      (error as Error).message,
    );
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return invalid('The OAuth 2.0 Client has no JSON Web Key that matches the header of the client_assertion.');
  }
  if ((error as Error).name === 'JwksUriError') {
    return invalid("The JSON Web Key Set at the OAuth 2.0 Client's jwks_uri could not be used.").withDebug((error as Error).message);
  }
  return invalid("Unable to verify the integrity of the 'client_assertion' value.").withDebug(
    error instanceof joseErrors.JOSEError ? error.message : 'the assertion could not be verified',
  );
}
