/**
 * RFC 7523 §2.1: a JWT assertion as an authorization grant, `grant_type=
 * urn:ietf:params:oauth:grant-type:jwt-bearer`. The checks are fosite's (handler/rfc7523/
 * handler.go, as Hydra vendors it), in its order and with its error codes and hints:
 *
 * 1. the client is registered for the grant (Hydra never lets this grant skip client
 *    authentication: fositex GetGrantTypeJWTBearerCanSkipClientAuth is false, so the token
 *    endpoint has authenticated it already, §3.2.1);
 * 2. `assertion` is present and a signed JWT (JWS compact serialization) with `iss` and `sub`;
 * 3. a trust relationship (trust/trust-store.ts) of that issuer for that subject, or for any, holds a
 *    public key that verifies the signature: the one named by the header's `kid`, else any of them;
 * 4. RFC 7523 §3: `aud` names this server's token endpoint (item 3), `exp` is present and not past
 *    (item 4), `nbf` is past (item 5), `iat` is present unless oauth2.grant.jwt.iat_optional,
 *    `exp` is at most oauth2.grant.jwt.max_ttl after `iat` (or now, when `iat` is absent or later), `jti` is present unless
 *    oauth2.grant.jwt.jti_optional (item 7);
 * 5. each requested scope is one the relationship allows (invalid_scope);
 * 6. the `jti` is used once, across every instance, together with client assertions (assertion/used-jtis.ts).
 *
 * The access token is the subject's (`sub` of the assertion), for the client; no refresh token
 * and no ID token (fosite's handler issues the access token only). Its audience is the `audience`
 * the client requested within its registered ones (Hydra oauth2/handler.go), plus the assertion's
 * `aud` only when oauth2.grant.jwt.omit_assertion_audience is false: the assertion's audience is
 * this server (RFC 7523 §3 item 3), not the resource the token is for.
 *
 * Where Tessera is stricter than Hydra, and why:
 * - an expired relationship is refused whether or not the assertion names a `kid` (Hydra filters
 *   expired relationships only when it looks keys up without one);
 * - the requested scopes must also be the client's (Hydra's handler grants them after fosite has
 *   granted every scope the relationship allows, so the client's registration never limits them),
 *   and no scope requested grants none, whatever oauth2.client_credentials.default_grant_allowed_scope
 *   says (Hydra would grant the client's scopes, unchecked against the relationship);
 * - the `jti` is recorded in one atomic step after every other check, so that two concurrent
 *   uses cannot both pass (fosite checks, then records) and a refused request does not spend it;
 * - only asymmetric signature algorithms are accepted, and the key's own `alg` when it names one.
 */
import { randomUUID } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { errors } from '../../core/errors.js';
import { assertGrantable } from '../../core/grantable.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import type { UsedJtis } from '../assertion/used-jtis.js';
import type { TrustStore } from '../trust/trust-store.js';
import type { TrustedIssuer } from '../trust/trusted-issuer.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { Issuance, TokenResponder } from '../tokens/token-responder.js';
import type { GrantHandler, TokenRequest, TokenResponse } from './grant-handler.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** RFC 7518 §3.1 and RFC 8037 §3.1: the signatures a public key verifies. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface JwtBearerOptions {
  scopeStrategy: ScopeStrategy;
  /** The URLs an assertion's `aud` may name (Hydra fositex GetTokenURLs). */
  tokenUrls: string[];
  /** oauth2.grant.jwt.* */
  jtiOptional: boolean;
  iatOptional: boolean;
  maxTtlMs: number;
  omitAssertionAudience: boolean;
}

export interface JwtBearerDependencies {
  responder: TokenResponder;
  accessTokens: AccessTokenStore;
  trust: Pick<TrustStore, 'findTrusted'>;
  usedJtis: UsedJtis;
  options: JwtBearerOptions;
  now: () => number;
}

/** The claims an assertion is checked on, once its signature is verified. */
interface Verified {
  trust: TrustedIssuer;
  claims: JWTPayload;
}

const invalidGrant = (hint: string) => errors.invalidGrant.withHint(hint);
const quoted = (value: string) => JSON.stringify(value);

export class JwtBearerGrant implements GrantHandler {
  readonly grantType = JWT_BEARER_GRANT;

  constructor(private readonly deps: JwtBearerDependencies) {}

  async handle(request: TokenRequest): Promise<TokenResponse> {
    return this.populate(await this.validate(request));
  }

  async validate({ params, client }: TokenRequest): Promise<Issuance> {
    if (!(client.grant_types ?? []).includes(JWT_BEARER_GRANT)) {
      throw errors.unauthorizedClient.withHint(`The OAuth 2.0 Client is not allowed to use authorization grant "${JWT_BEARER_GRANT}".`);
    }
    const assertion = params.get('assertion');
    if (!assertion) {
      throw errors.invalidRequest.withHint(`The assertion request parameter must be set when using grant_type of '${JWT_BEARER_GRANT}'.`);
    }
    const now = this.deps.now();
    const { header, unverified } = parse(assertion);
    const { trust, claims } = await this.verify(assertion, header, unverified, now);
    this.checkClaims(claims, now);

    const issuer = claims.iss as string;
    const subject = claims.sub as string;
    const requested = splitScope(params.get('scope'));
    const refused = requested.find((scope) => !this.deps.options.scopeStrategy(trust.scope, scope));
    if (refused !== undefined) {
      throw errors.invalidScope.withHint(
        `The public key registered for issuer ${quoted(issuer)} and subject ${quoted(subject)} is not allowed to request scope ${quoted(refused)}.`,
      );
    }
    const audience = splitScope(params.get('audience'));
    assertGrantable(client, requested, audience, this.deps.options.scopeStrategy);

    if (typeof claims.jti === 'string' && claims.jti !== '') {
      // RFC 7523 §3 item 7: remembered until the assertion's own expiry, after which `exp` refuses it.
      if (!(await this.deps.usedJtis.markUsed(claims.jti, Math.ceil((claims.exp as number) * 1000), now))) throw errors.jtiKnown;
    }

    const granted = [...audience];
    if (!this.deps.options.omitAssertionAudience) {
      for (const aud of audiences(claims)) if (!granted.includes(aud)) granted.push(aud);
    }
    return { client, grant: 'jwt_bearer', requestId: randomUUID(), subject, scope: requested, audience: granted, ext: {}, request: { params, client } };
  }

  /** The access token only, stored through the batched writer before the response is given. */
  async populate(issuance: Issuance): Promise<TokenResponse> {
    const { response, access } = await this.deps.responder.populate(issuance);
    await this.deps.accessTokens.create(access.record);
    return response;
  }

  /** fosite findPublicKeyForToken, then the signature check with the key found. */
  private async verify(assertion: string, header: ProtectedHeaderParameters, unverified: JWTPayload, now: number): Promise<Verified> {
    const issuer = unverified.iss as string;
    const subject = unverified.sub as string;
    const keyId = typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined;
    const notFound = invalidGrant(
      `No public JWK was registered for issuer ${quoted(issuer)} and subject ${quoted(subject)}, and public key is required to check signature of JWT in "assertion" request parameter.`,
    );
    const candidates = await this.deps.trust.findTrusted(issuer, subject, keyId, now);
    if (candidates.length === 0) throw notFound;
    for (const trust of candidates) {
      const claims = await verifiedClaims(assertion, header, trust);
      if (claims) return { trust, claims };
    }
    // A key named by `kid` that does not verify is a bad signature; without a `kid`, no key fits.
    if (keyId !== undefined) throw invalidGrant("Unable to verify the integrity of the 'assertion' value.");
    throw notFound;
  }

  /** fosite validateTokenClaims, in its order. */
  private checkClaims(claims: JWTPayload, now: number): void {
    const { tokenUrls, iatOptional, jtiOptional, maxTtlMs } = this.deps.options;
    const aud = audiences(claims);
    if (aud.length === 0) throw invalidGrant('The JWT in "assertion" request parameter MUST contain an "aud" (audience) claim.');
    if (!tokenUrls.some((url) => aud.includes(url))) {
      throw invalidGrant(
        `The JWT in "assertion" request parameter MUST contain an "aud" (audience) claim containing a value "${tokenUrls.join('" or "')}" that identifies the authorization server as an intended audience.`,
      );
    }
    const exp = numericDate(claims.exp, 'exp');
    if (exp === undefined) throw invalidGrant('The JWT in "assertion" request parameter MUST contain an "exp" (expiration time) claim.');
    if (exp * 1000 < now) throw invalidGrant('The JWT in "assertion" request parameter expired.');
    const nbf = numericDate(claims.nbf, 'nbf');
    if (nbf !== undefined && !(nbf * 1000 < now)) {
      throw invalidGrant(
        `The JWT in "assertion" request parameter contains an "nbf" (not before) claim, that identifies the time '${rfc3339(nbf * 1000)}' before which the token MUST NOT be accepted.`,
      );
    }
    const iat = numericDate(claims.iat, 'iat');
    if (!iatOptional && iat === undefined) throw invalidGrant('The JWT in "assertion" request parameter MUST contain an "iat" (issued at) claim.');
    // Measured from `iat`, or from now when `iat` is absent or in the future: an assertion is never
    // good for longer than max_ttl from the moment it is presented (which also bounds how long its
    // `jti` must be remembered).
    const issuedAt = iat === undefined ? now : Math.min(iat * 1000, now);
    if (exp * 1000 - issuedAt > maxTtlMs) {
      throw invalidGrant(
        `The JWT in "assertion" request parameter contains an "exp" (expiration time) claim with value "${rfc3339(exp * 1000)}" that is unreasonably far in the future, considering token issued at "${rfc3339(issuedAt)}".`,
      );
    }
    if (claims.jti !== undefined && typeof claims.jti !== 'string') throw invalidGrant('The "jti" (JWT ID) claim of the JWT in "assertion" request parameter must be a string.');
    if (!jtiOptional && !claims.jti) throw invalidGrant('The JWT in "assertion" request parameter MUST contain an "jti" (JWT ID) claim.');
  }
}

/** fosite jwt.ParseSigned and validateTokenPreRequisites: a JWS whose claims name `iss` and `sub`. */
function parse(assertion: string): { header: ProtectedHeaderParameters; unverified: JWTPayload } {
  let header: ProtectedHeaderParameters;
  try {
    if (assertion.split('.').length !== 3) throw new Error('not a JWS in compact serialization');
    header = decodeProtectedHeader(assertion);
  } catch {
    throw invalidGrant('Unable to parse JSON Web Token passed in "assertion" request parameter.');
  }
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(assertion);
  } catch {
    throw invalidGrant('Looks like there are no claims in JWT in "assertion" request parameter.');
  }
  if (typeof unverified.iss !== 'string' || unverified.iss === '') {
    throw invalidGrant('The JWT in "assertion" request parameter MUST contain an "iss" (issuer) claim.');
  }
  if (typeof unverified.sub !== 'string' || unverified.sub === '') {
    throw invalidGrant('The JWT in "assertion" request parameter MUST contain a "sub" (subject) claim.');
  }
  return { header, unverified };
}

/** The claims when `trust`'s key verifies the signature; undefined when it does not. */
async function verifiedClaims(assertion: string, header: ProtectedHeaderParameters, trust: TrustedIssuer): Promise<JWTPayload | undefined> {
  const alg = header.alg;
  if (typeof alg !== 'string' || !ALGORITHMS.includes(alg)) return undefined;
  if (trust.jwk.alg !== undefined && trust.jwk.alg !== alg) return undefined;
  try {
    const key = await importJWK({ ...trust.jwk, alg }, alg);
    const { payload } = await compactVerify(assertion, key, { algorithms: [alg] });
    return JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
  } catch {
    return undefined;
  }
}

/** RFC 7519 §4.1.3: a string or an array of strings. */
function audiences(claims: JWTPayload): string[] {
  if (typeof claims.aud === 'string') return claims.aud === '' ? [] : [claims.aud];
  if (Array.isArray(claims.aud)) return claims.aud.filter((aud): aud is string => typeof aud === 'string');
  return [];
}

/** RFC 7519 §2 NumericDate: seconds since the epoch, possibly fractional. */
function numericDate(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidGrant(`The "${name}" claim of the JWT in "assertion" request parameter must be a NumericDate (RFC 7519 §2).`);
  }
  return value;
}

/** Go's time.Format(time.RFC3339) in UTC: whole seconds. */
function rfc3339(ms: number): string {
  const date = new Date(Math.floor(ms / 1000) * 1000);
  // A NumericDate beyond what a Date holds (±8.64e15 ms) is named in seconds instead.
  if (Number.isNaN(date.getTime())) return `${Math.floor(ms / 1000)} seconds after the epoch`;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
