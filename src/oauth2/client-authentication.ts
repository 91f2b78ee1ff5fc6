/**
 * Client authentication at the token, revocation and (public) introspection endpoints,
 * RFC 6749 §2.3: `client_secret_basic` (Authorization header, §2.3.1: id and secret are
 * form-urlencoded before base64), `client_secret_post` (body), `none` (public clients, which
 * only identify themselves), and the JWT assertions of RFC 7523 §2.2 / OIDC Core §9
 * (`private_key_jwt`, `client_secret_jwt`: oauth2/assertion/assertion-methods.ts). A client MUST
 * NOT use more than one method in one request, and it must use the method it registered
 * (token_endpoint_auth_method), as fosite enforces.
 *
 * One `ClientAuthenticator` serves every endpoint that authenticates clients. Its methods are a
 * table keyed by token_endpoint_auth_method, as fosite's ClientAuthenticationStrategy dispatches.
 */
import { decodeJwt } from 'jose';
import { errors, type OAuthError } from '../core/errors.js';
import type { FormParameters } from '../core/form-parameters.js';
import type { VerifiedSecrets } from '../crypto/verified-secrets.js';

export interface AuthenticatableClient {
  client_id: string;
  token_endpoint_auth_method?: string;
  /** Read by the assertion methods (OIDC Registration §2). */
  token_endpoint_auth_signing_alg?: string;
  jwks?: { keys: Record<string, unknown>[] } | null;
  jwks_uri?: string;
}

export interface ClientDirectory<C extends AuthenticatableClient> {
  getForAuthentication(id: string): Promise<{ client: C; secretHash: string | null; rotatedSecretHashes?: readonly string[] } | undefined>;
}

/** The token_endpoint_auth_method values this server authenticates. */
export type Method = 'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt' | 'client_secret_jwt';

/** RFC 7521 §4.2 / RFC 7523 §2.2: the one client_assertion_type. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The methods a `client_assertion` authenticates with: which one is the client's registration. */
const ASSERTION_METHODS: readonly string[] = ['private_key_jwt', 'client_secret_jwt'];

/**
 * What the request presented: the method it used (an assertion is either JWT method, told apart
 * by the client's registration), the client it names and its credential.
 */
export interface Presented {
  method: 'client_secret_basic' | 'client_secret_post' | 'none' | 'client_assertion';
  id: string;
  secret?: string;
  assertion?: string;
}

export type Found<C> = { client: C; secretHash: string | null; rotatedSecretHashes?: readonly string[] };

/**
 * One authentication method: whether the presented credential proves the registered client. A
 * method may also throw an OAuthError of its own (invalid_client with a hint that says which
 * check of an assertion failed).
 */
export interface AuthenticationMethod {
  verify(presented: Presented, found: Found<AuthenticatableClient>): Promise<boolean>;
  /** The hint of invalid_client when it does not. */
  readonly failureHint: string;
}

export type MethodTable = Readonly<Partial<Record<Method, AuthenticationMethod>>>;

/** RFC 6749 §2.3.1 and the public clients of §2.1 (fosite's client_authentication.go). */
export function secretMethods(secrets: VerifiedSecrets): Readonly<Record<'client_secret_basic' | 'client_secret_post' | 'none', AuthenticationMethod>> {
  // The current secret, then the ones a rotation replaced, newest first (fosite checkClientSecret).
  const secret: AuthenticationMethod = {
    verify: async (presented, found) => {
      for (const hash of [found.secretHash, ...(found.rotatedSecretHashes ?? [])]) {
        if (hash && (await secrets.verify(presented.secret ?? '', hash))) return true;
      }
      return false;
    },
    failureHint: 'The provided client secret did not match the registered client secret.',
  };
  const none: AuthenticationMethod = { verify: async () => true, failureHint: '' };
  return { client_secret_basic: secret, client_secret_post: secret, none };
}

export class ClientAuthenticator<C extends AuthenticatableClient> {
  constructor(
    private readonly directory: ClientDirectory<C>,
    private readonly methods: MethodTable,
  ) {}

  async authenticate(authorization: string | undefined, params: FormParameters): Promise<C> {
    const presented = presentedCredentials(authorization, params);
    const invalid = (hint: string): OAuthError =>
      presented.method === 'client_secret_basic'
        ? errors.invalidClient.withHint(hint).withHeaders({ 'www-authenticate': 'Basic realm="OAuth 2.0"' })
        : errors.invalidClient.withHint(hint);
    const found = await this.directory.getForAuthentication(presented.id);
    if (!found) throw invalid('The requested OAuth 2.0 Client does not exist.');
    const registered = found.client.token_endpoint_auth_method || 'client_secret_basic';
    if (presented.method === 'client_assertion') {
      if (registered === 'none') {
        throw invalid("This requested OAuth 2.0 client does not support client authentication, however 'client_assertion' was provided in the request.");
      }
      if (!ASSERTION_METHODS.includes(registered)) {
        throw invalid(`This requested OAuth 2.0 client only supports client authentication method '${registered}', however 'client_assertion' was provided in the request.`);
      }
    } else if (registered !== presented.method) {
      throw invalid(
        `The OAuth 2.0 Client supports client authentication method '${registered}', but method '${presented.method}' was requested. You must configure the OAuth 2.0 client's 'token_endpoint_auth_method' value to accept '${presented.method}'.`,
      );
    }
    const method = this.methods[registered as Method];
    if (!method) {
      throw invalid(`This requested OAuth 2.0 client only supports client authentication method '${registered}', however that method is not supported by this server.`);
    }
    if (!(await method.verify(presented, found))) throw invalid(method.failureHint);
    return found.client;
  }
}

function presentedCredentials(authorization: string | undefined, params: FormParameters): Presented {
  const basic = parseBasic(authorization);
  const bodySecret = params.get('client_secret');
  const bodyId = params.get('client_id');
  const assertion = presentedAssertion(params);
  if (assertion !== undefined) {
    if (basic || bodySecret !== undefined) {
      throw errors.invalidRequest.withHint('Client credentials were sent both as a client_assertion and as a client secret; use one method (RFC 6749 §2.3).');
    }
    return { method: 'client_assertion', id: bodyId || assertionSubject(assertion), assertion };
  }
  if (basic) {
    if (bodySecret !== undefined) {
      throw errors.invalidRequest.withHint('Client credentials were sent both in the Authorization header and in the body; use one method (RFC 6749 §2.3).');
    }
    if (bodyId !== undefined && bodyId !== basic.id) {
      throw errors.invalidRequest.withHint('The client_id in the body does not match the client authenticated by the Authorization header.');
    }
    return { method: 'client_secret_basic', ...basic };
  }
  if (bodyId === undefined) {
    throw errors.invalidClient.withHint('Client authentication is required: send client credentials with HTTP Basic or in the request body.');
  }
  if (bodySecret !== undefined) return { method: 'client_secret_post', id: bodyId, secret: bodySecret };
  return { method: 'none', id: bodyId };
}

/**
 * RFC 7521 §4.2: client_assertion_type and client_assertion travel together. An assertion is
 * never read as method `none`, even without its type: a request that carries one is refused
 * unless it is a JWT bearer assertion.
 */
function presentedAssertion(params: FormParameters): string | undefined {
  const type = params.get('client_assertion_type') || undefined;
  const assertion = params.get('client_assertion');
  if (type === undefined && assertion === undefined) return undefined;
  if (type === undefined) {
    throw errors.invalidRequest.withHint(`The client_assertion_type request parameter must be set to '${JWT_BEARER_ASSERTION_TYPE}' when client_assertion is sent.`);
  }
  if (type !== JWT_BEARER_ASSERTION_TYPE) throw errors.invalidRequest.withHint(`Unknown client_assertion_type '${type}'.`);
  if (!assertion) {
    throw errors.invalidRequest.withHint(`The client_assertion request parameter must be set when using client_assertion_type of '${JWT_BEARER_ASSERTION_TYPE}'.`);
  }
  return assertion;
}

/** Without client_id, the client is the assertion's `sub` (RFC 7523 §3 item 2), read before any check. */
function assertionSubject(assertion: string): string {
  let sub: unknown;
  try {
    sub = decodeJwt(assertion).sub;
  } catch {
    throw errors.invalidClient.withHint("Unable to verify the integrity of the 'client_assertion' value.");
  }
  if (typeof sub !== 'string' || sub === '') throw errors.invalidClient.withHint("The claim 'sub' from the client_assertion JSON Web Token is undefined.");
  return sub;
}

function parseBasic(authorization: string | undefined): { id: string; secret: string } | undefined {
  if (!authorization) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
  if (!match) {
    if (/^Basic\b/i.test(authorization)) throw errors.invalidClient.withHint('The Authorization header is not valid HTTP Basic.');
    return undefined;
  }
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw errors.invalidClient.withHint('The HTTP Basic credentials lack the ":" separator.');
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw errors.invalidClient.withHint('The HTTP Basic credentials are not correctly form-urlencoded (RFC 6749 §2.3.1).');
  }
}
