/**
 * Client authentication at the token, revocation and (public) introspection endpoints,
 * RFC 6749 §2.3: `client_secret_basic` (Authorization header, §2.3.1: id and secret are
 * form-urlencoded before base64), `client_secret_post` (body) and `none` (public clients, which
 * only identify themselves). A client MUST NOT use more than one method in one request, and it
 * must use the method it registered (token_endpoint_auth_method), as fosite enforces.
 *
 * One `ClientAuthenticator` serves every endpoint that authenticates clients. Its methods are a
 * table keyed by token_endpoint_auth_method, as fosite's ClientAuthenticationStrategy dispatches,
 * so that RFC 7523's `private_key_jwt` and `client_secret_jwt` are one entry each when they come.
 */
import { errors, type OAuthError } from '../core/errors.js';
import type { FormParameters } from '../core/form-parameters.js';
import type { VerifiedSecrets } from '../crypto/verified-secrets.js';

export interface AuthenticatableClient {
  client_id: string;
  token_endpoint_auth_method?: string;
}

export interface ClientDirectory<C extends AuthenticatableClient> {
  getForAuthentication(id: string): Promise<{ client: C; secretHash: string | null; rotatedSecretHashes?: readonly string[] } | undefined>;
}

export type Method = 'client_secret_basic' | 'client_secret_post' | 'none';

/** What the request presented: the method it used, the client it names and its credential. */
export interface Presented {
  method: Method;
  id: string;
  secret?: string;
}

type Found<C> = { client: C; secretHash: string | null; rotatedSecretHashes?: readonly string[] };

/** One authentication method: whether the presented credential proves the registered client. */
export interface AuthenticationMethod {
  verify(presented: Presented, found: Found<AuthenticatableClient>): Promise<boolean>;
  /** The hint of invalid_client when it does not. */
  readonly failureHint: string;
}

/** RFC 6749 §2.3.1 and the public clients of §2.1 (fosite's client_authentication.go). */
export function secretMethods(secrets: VerifiedSecrets): Readonly<Record<Method, AuthenticationMethod>> {
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
    private readonly methods: Readonly<Record<Method, AuthenticationMethod>>,
  ) {}

  async authenticate(authorization: string | undefined, params: FormParameters): Promise<C> {
    const presented = presentedCredentials(authorization, params);
    const invalid = (hint: string): OAuthError =>
      presented.method === 'client_secret_basic'
        ? errors.invalidClient.withHint(hint).withHeaders({ 'www-authenticate': 'Basic realm="OAuth 2.0"' })
        : errors.invalidClient.withHint(hint);
    const found = await this.directory.getForAuthentication(presented.id);
    if (!found) throw invalid('The requested OAuth 2.0 Client does not exist.');
    const registered = found.client.token_endpoint_auth_method ?? 'client_secret_basic';
    if (registered !== presented.method) {
      throw invalid(
        `The OAuth 2.0 Client supports client authentication method '${registered}', but method '${presented.method}' was requested. You must configure the OAuth 2.0 client's 'token_endpoint_auth_method' value to accept '${presented.method}'.`,
      );
    }
    const method = this.methods[presented.method];
    if (!(await method.verify(presented, found))) throw invalid(method.failureHint);
    return found.client;
  }
}

function presentedCredentials(authorization: string | undefined, params: FormParameters): Presented {
  const basic = parseBasic(authorization);
  const bodySecret = params.get('client_secret');
  const bodyId = params.get('client_id');
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
