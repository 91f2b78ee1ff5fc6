/**
 * OpenID Connect UserInfo (OIDC Core §5.3), framework-free. The access token must be one we
 * issued and still active (RFC 6750 §3.1: otherwise invalid_token). The claims are those Hydra
 * answers (oauth2/handler.go getOidcUserInfo): the ID token claims of the grant, that is `sub`,
 * the login's auth_time, acr and amr, and the consent's `session.id_token`, without the claims
 * that only make sense in an ID token (nonce, at_hash, c_hash, exp, sid, jti). The consent app
 * decides which claims a scope releases (§5.4), as with Hydra.
 */
import type { Aead } from '../../crypto/aead.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { TokenIntrospector } from '../tokens/token-introspector.js';
import { openSession } from '../tokens/token-session.js';
import { errors } from '../../core/errors.js';
import { bearerErrors } from './bearer-token.js';
import type { UserinfoSigner } from './userinfo-signer.js';

/** The answer: JSON claims, or a signed JWT for a client with userinfo_signed_response_alg. */
export type UserinfoResponse = { contentType: 'json'; body: Record<string, unknown> } | { contentType: 'jwt'; body: string };

export interface UserinfoSigning {
  signer: UserinfoSigner;
  /** The client's registered userinfo_signed_response_alg ('none' or empty: unsigned). */
  signedResponseAlg(clientId: string): Promise<string | undefined>;
}

const ID_TOKEN_ONLY = ['nonce', 'at_hash', 'c_hash', 'exp', 'sid', 'jti', 'iat', 'nbf'];
/** §5.3.2: the sub of the token is authoritative; the consent app cannot replace these. */
const VOUCHED = ['sub', 'iss', 'aud', 'auth_time', 'rat', 'acr', 'amr'];

export class UserinfoEndpoint {
  constructor(
    private readonly introspector: TokenIntrospector,
    private readonly accessTokens: AccessTokenStore,
    private readonly aead: Aead,
    private readonly options: { issuer: string; now: () => number },
    private readonly signing?: UserinfoSigning,
  ) {}

  async respond(token: string | undefined): Promise<UserinfoResponse> {
    const claims = await this.claims(token);
    const clientId = (claims.aud as string[])[0]!;
    const alg = this.signing ? await this.signing.signedResponseAlg(clientId) : undefined;
    if (!alg || alg === 'none') return { contentType: 'json', body: claims };
    // Hydra signs RS256 only and answers server_error for anything else it finds registered.
    if (alg !== 'RS256') throw errors.serverError.withHint(`Unsupported userinfo signing algorithm '${alg}'.`);
    return { contentType: 'jwt', body: await this.signing!.signer.sign(claims) };
  }

  async claims(token: string | undefined): Promise<Record<string, unknown>> {
    if (token === undefined) throw bearerErrors.missing;
    const key = await this.introspector.accessTokenKey(token);
    const record = key ? await this.accessTokens.get(key) : undefined;
    if (!record || !record.active || record.expiresAt <= this.options.now()) throw bearerErrors.invalidToken;
    const session = openSession(this.aead, record.sessionData).idToken;
    const claims: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(session?.claims ?? {})) {
      if (!ID_TOKEN_ONLY.includes(name) && !VOUCHED.includes(name)) claims[name] = value;
    }
    // Hydra answers the ID token's sub: pairwise for a pairwise client (OIDC Core §5.3.2, §8.1).
    claims.sub = session?.subject ?? record.subject;
    claims.iss = this.options.issuer;
    claims.aud = [record.clientId];
    if (session) {
      claims.auth_time = session.authTime;
      if (session.requestedAt !== undefined) claims.rat = session.requestedAt;
      if (session.acr) claims.acr = session.acr;
      if (session.amr.length > 0) claims.amr = session.amr;
    }
    return claims;
  }
}
