/**
 * Request objects at the authorization endpoint (OIDC Core §6, RFC 9101): the authorization
 * parameters as a JWT the client signed, passed by value (`request`) or by reference
 * (`request_uri`, request-uri.ts). As fosite's authorizeRequestParametersFromOpenIDConnectRequest
 * does, and before the redirect URI is established (the object may carry it):
 *
 * - at most one of `request` and `request_uri` (OIDC Core §6.1, §6.2; invalid_request);
 * - read only for OpenID Connect requests: the query's `scope` must contain `openid` (OIDC Core
 *   §6.1). fosite ignores a request object otherwise; Tessera refuses it (request_not_supported or
 *   request_uri_not_supported), since ignoring it would grant something other than what the
 *   client signed;
 * - the client must have registered keys (`jwks` or `jwks_uri`), even for `alg: none` (fosite);
 * - `alg` must equal the client's request_object_signing_alg when it registered one; `none` is
 *   accepted only when it registered `none` (fosite also accepts it when the client registered
 *   no algorithm: Tessera does not, so an unsigned object never passes for a signed one);
 *   RS*, PS*, ES* are verified with the client's keys (client-keys.ts), anything else refused;
 * - `exp`, `nbf` and `iat` are checked when present, without leeway (fosite's MapClaims.Valid);
 *   `iss` and `aud` are not checked, as fosite does not (OIDC Core §6.1 makes them SHOULDs);
 * - the object's parameters replace the query's, except `scope`, which is the union of both
 *   (fosite), and the JWT claims (iss, aud, exp, nbf, iat, jti), `request`/`request_uri` and
 *   the hop verifiers, which are not authorization parameters. Beyond fosite (OIDC Core §6.1 and RFC 9101 §5
 *   require it), `client_id` and `response_type` in the object must match the query's.
 */
import { UnsecuredJWT, decodeProtectedHeader, errors as jose, jwtVerify, type JWTPayload } from 'jose';
import { errors, type OAuthError } from '../../core/errors.js';
import { FormParameters } from '../../core/form-parameters.js';
import { splitScope } from '../../core/scope-strategy.js';
import type { Client } from '../../client/client.js';
import type { ClientKeys, VerificationKeyResolver } from '../assertion/client-keys.js';
import { SIGNED_REQUEST_OBJECT_ALGS } from './request-object-algs.js';
import type { RequestUriFetcher } from './request-uri.js';

/**
 * Claims of the JWT itself, not authorization parameters; the two a request object must not
 * contain (RFC 9101 §4); and the verifiers of Hydra's login and consent hops, which only the
 * user agent's return to the endpoint carries, never a request the client signed.
 */
const NOT_PARAMETERS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'request', 'request_uri', 'login_verifier', 'consent_verifier']);

export class RequestObjects {
  constructor(
    private readonly keys: ClientKeys,
    private readonly fetcher: RequestUriFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  /** The authorization parameters once the request object of `params` is verified and merged in. */
  async merge(params: FormParameters, client: Client): Promise<FormParameters> {
    const byValue = params.get('request');
    const location = params.get('request_uri');
    if (byValue === undefined && location === undefined) return params;
    if (byValue !== undefined && location !== undefined) {
      throw errors.invalidRequest.withHint("OpenID Connect parameters 'request' and 'request_uri' were both given, but you can use at most one.");
    }
    const queryScope = splitScope(params.get('scope'));
    if (!queryScope.includes('openid')) {
      const refusal = location !== undefined ? errors.requestUriNotSupported : errors.requestNotSupported;
      throw refusal.withHint(
        "Request objects are read for OpenID Connect requests only: the 'scope' parameter outside the request object must contain 'openid'.",
      );
    }
    if (!hasKeys(client)) {
      throw errors.invalidRequest.withHint("OpenID Connect 'request' or 'request_uri' context was given, but the OAuth 2.0 Client does not have any JSON Web Keys registered.");
    }
    let assertion = byValue!;
    if (location !== undefined) {
      if (!(client.request_uris ?? []).includes(location)) {
        throw errors.invalidRequestUri.withHint(`Request URI '${location}' is not whitelisted by the OAuth 2.0 Client.`);
      }
      assertion = await this.fetcher.fetch(location);
    }
    const claims = await this.verify(assertion, client);
    return mergeParameters(params, claims, queryScope, client);
  }

  private async verify(assertion: string, client: Client): Promise<JWTPayload> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(assertion).alg;
    } catch {
      throw unverifiable();
    }
    const registered = client.request_object_signing_alg;
    if (registered && registered !== alg) {
      throw errors.invalidRequestObject.withHint(
        `The request object uses signing algorithm '${String(alg)}', but the requested OAuth 2.0 Client enforces signing algorithm '${registered}'.`,
      );
    }
    const currentDate = new Date(this.now());
    if (alg === 'none') {
      if (registered !== 'none') {
        throw errors.invalidRequestObject.withHint(
          "The request object is not signed (alg 'none'), which the OAuth 2.0 Client allows only by registering request_object_signing_alg 'none'.",
        );
      }
      return checked(() => Promise.resolve(UnsecuredJWT.decode(assertion, { currentDate }).payload), currentDate);
    }
    if (typeof alg !== 'string' || !SIGNED_REQUEST_OBJECT_ALGS.includes(alg)) {
      throw errors.invalidRequestObject.withHint(`This request object uses unsupported signing algorithm '${String(alg)}'.`);
    }
    const resolver = keyFailuresMarked(this.keys.resolverFor(client));
    return checked(async () => (await jwtVerify(assertion, resolver, { algorithms: [alg], currentDate })).payload, currentDate, alg);
  }
}

function hasKeys(client: Client): boolean {
  return Boolean(client.jwks || client.jwks_uri);
}

class KeyFailure extends Error {}

/** The resolver's own failures (no key for the `kid`, jwks_uri unreachable) told apart from a bad signature. */
function keyFailuresMarked(resolver: VerificationKeyResolver): VerificationKeyResolver {
  return async (header, token) => {
    try {
      return await resolver(header, token);
    } catch (error) {
      throw new KeyFailure((error as Error).message);
    }
  };
}

/**
 * fosite's answers: a key that cannot be found, a signature that does not verify (or a token that
 * is no JWS), and claims that fail exp/nbf/iat. jose does not refuse an `iat` in the future;
 * fosite does ("Token used before issued").
 */
async function checked(read: () => Promise<JWTPayload>, currentDate: Date, alg?: string): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    payload = await read();
  } catch (error) {
    if (error instanceof KeyFailure) {
      const family = alg?.startsWith('ES') ? 'ECDSA' : 'RSA';
      throw errors.invalidRequestObject.withHint(`Unable to retrieve ${family} signing key from OAuth 2.0 Client.`).withDebug(error.message);
    }
    if (error instanceof jose.JWTExpired || error instanceof jose.JWTClaimValidationFailed) throw invalidClaims();
    throw unverifiable();
  }
  if (typeof payload.iat === 'number' && payload.iat > currentDate.getTime() / 1000) throw invalidClaims();
  return payload;
}

function unverifiable(): OAuthError {
  return errors.invalidRequestObject.withHint("Unable to verify the request object's signature.");
}

function invalidClaims(): OAuthError {
  return errors.invalidRequestObject.withHint(
    'Unable to verify the request object because its claims could not be validated, check if the expiry time is set correctly.',
  );
}

function mergeParameters(params: FormParameters, claims: JWTPayload, queryScope: string[], client: Client): FormParameters {
  const merged = new Map(params.entries());
  merged.delete('request');
  merged.delete('request_uri');
  for (const [name, value] of Object.entries(claims)) {
    if (NOT_PARAMETERS.has(name) || value === undefined || value === null) continue;
    merged.set(name, parameterValue(value));
  }
  const objectClientId = merged.get('client_id');
  if (objectClientId !== client.client_id) {
    throw errors.invalidRequestObject.withHint("The 'client_id' in the request object does not match the 'client_id' of the request.");
  }
  const queryType = params.get('response_type');
  const objectType = merged.get('response_type');
  if (queryType !== undefined && objectType !== undefined && !sameWords(queryType, objectType)) {
    throw errors.invalidRequestObject.withHint("The 'response_type' in the request object does not match the 'response_type' of the request.");
  }
  // fosite: the object's scope, then every scope of the query the object did not name.
  const scope = splitScope(merged.get('scope'));
  for (const value of queryScope) if (!scope.includes(value)) scope.push(value);
  merged.set('scope', scope.join(' '));
  return FormParameters.of(merged);
}

/**
 * A claim as the form value it stands for. fosite formats every claim with Go's %s, which mangles
 * numbers and lists; Tessera keeps numbers (max_age) as their decimal text, joins a list of
 * strings with spaces (the form's own syntax for scope, audience, acr_values, ui_locales) and
 * writes an object (the `claims` parameter) as JSON.
 */
function parameterValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(' ');
  return JSON.stringify(value);
}

function sameWords(a: string, b: string): boolean {
  const left = splitScope(a).sort();
  const right = splitScope(b).sort();
  return left.length === right.length && left.every((word, index) => word === right[index]);
}
