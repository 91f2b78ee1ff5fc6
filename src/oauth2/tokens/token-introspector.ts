/**
 * RFC 7662 introspection of the tokens Tessera issued. A token is active only if its format and
 * signature verify under a configured secret or key, its row exists and is active, it has not
 * expired, and it carries every scope the caller asks about. Everything else (malformed,
 * tampered, foreign, expired, revoked) is `{"active": false}` and nothing more (§2.2).
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import type { Aead } from '../../crypto/aead.js';
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { ScopeStrategy } from '../../core/scope-strategy.js';
import type { AccessTokenRecord, AccessTokenStore } from './access-token-store.js';
import { ACCESS_TOKEN_SET, type PublicKeySource } from '../../jwk/key-sets.js';
import { openSession } from './token-session.js';
import type { RefreshTokens } from '../refresh/refresh-tokens.js';

export type Introspection =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      sub: string;
      /** Hydra: the ID token's sub when it differs from `sub` (a pairwise client, OIDC Core §8.1). */
      obfuscated_subject?: string;
      /** Absent for a refresh token that never expires (ttl.refresh_token -1). */
      exp?: number;
      iat: number;
      nbf: number;
      aud: string[];
      iss: string;
      token_type: 'Bearer';
      /** Hydra answers refresh_token for refresh tokens (hydra-contract.md §3). */
      token_use: 'access_token' | 'refresh_token';
      ext?: Record<string, unknown>;
    };

/** What both kinds of token record say about their grant; expiresAt null: a refresh token that never expires. */
type IntrospectedGrant = Pick<AccessTokenRecord, 'clientId' | 'subject' | 'grantedScope' | 'grantedAudience' | 'requestedAt'> & { expiresAt: number | null };

interface IntrospectedSession {
  ext: Record<string, unknown>;
  idToken?: { subject?: string };
}

const INACTIVE: Introspection = Object.freeze({ active: false });
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class TokenIntrospector {
  private verifier: { source: string; keys: ReturnType<typeof createLocalJWKSet> } | undefined;

  constructor(
    private readonly store: AccessTokenStore,
    private readonly hmac: HmacTokenStrategy,
    private readonly keys: PublicKeySource,
    private readonly aead: Aead,
    private readonly options: { issuer: string; scopeStrategy: ScopeStrategy; now: () => number },
    private readonly refresh?: RefreshTokens,
  ) {}

  /** The stored signature key of an access token we issued, or undefined if it is not one. */
  async accessTokenKey(token: string): Promise<string | undefined> {
    if (JWT_SHAPE.test(token)) return (await this.verifyJwt(token)) ? signatureKey(token.slice(token.lastIndexOf('.') + 1)) : undefined;
    const signature = this.hmac.validate('at', token);
    return signature ? signatureKey(signature) : undefined;
  }

  async introspect(token: string, requiredScope: string[] = []): Promise<Introspection> {
    if (this.refresh && token.startsWith('ory_rt_')) return this.introspectRefresh(token, requiredScope);
    const key = await this.accessTokenKey(token);
    if (!key) return INACTIVE;
    const record = await this.store.get(key);
    if (!record || !record.active || record.expiresAt <= this.options.now()) return INACTIVE;
    if (!requiredScope.every((scope) => this.options.scopeStrategy(record.grantedScope, scope))) return INACTIVE;
    const session = openSession(this.aead, record.sessionData);
    return this.activeResponse(record, session, 'access_token');
  }

  /** A refresh token is active until rotated, revoked or expired; it carries no `exp` when it never expires. */
  private async introspectRefresh(token: string, requiredScope: string[]): Promise<Introspection> {
    const record = await this.refresh!.find(token);
    if (!record || !record.active || this.refresh!.expired(record)) return INACTIVE;
    if (!requiredScope.every((scope) => this.options.scopeStrategy(record.grantedScope, scope))) return INACTIVE;
    return this.activeResponse(record, record.session, 'refresh_token');
  }

  /**
   * RFC 7662 §2.2, in Hydra's fields, for either kind of token: the token's own times and grant,
   * the local subject in `sub` and the client's view of it beside (obfuscated_subject), and the
   * consent's `ext` claims when there are any. No `exp` for a refresh token that never expires.
   */
  private activeResponse(record: IntrospectedGrant, session: IntrospectedSession, use: 'access_token' | 'refresh_token'): Introspection {
    const seconds = (ms: number) => Math.floor(ms / 1000);
    return {
      active: true,
      scope: record.grantedScope.join(' '),
      client_id: record.clientId,
      sub: record.subject,
      ...(record.expiresAt === null ? {} : { exp: seconds(record.expiresAt) }),
      iat: seconds(record.requestedAt),
      nbf: seconds(record.requestedAt),
      aud: record.grantedAudience,
      iss: this.options.issuer,
      token_type: 'Bearer',
      token_use: use,
      ...obfuscated(record.subject, session.idToken?.subject),
      ...(Object.keys(session.ext).length > 0 ? { ext: session.ext } : {}),
    };
  }

  /**
   * The key set's verifier, rebuilt only when the set's public keys change: jose imports each key
   * of a local set once and keeps it, so a verifier kept across requests imports nothing per
   * request (before, every JWT introspection imported the set's keys again).
   */
  private async accessTokenKeys(): Promise<ReturnType<typeof createLocalJWKSet>> {
    const jwks = await this.keys.publicJwks([ACCESS_TOKEN_SET]);
    const source = JSON.stringify(jwks);
    if (this.verifier?.source !== source) this.verifier = { source, keys: createLocalJWKSet(jwks) };
    return this.verifier.keys;
  }

  private async verifyJwt(token: string): Promise<boolean> {
    try {
      const jwks = await this.accessTokenKeys();
      // Only the signature and issuer are checked here: expiry and revocation are judged on the
      // stored row, with the same clock as opaque tokens.
      const { payload } = await compactVerify(token, jwks);
      return JSON.parse(new TextDecoder().decode(payload)).iss === this.options.issuer;
    } catch {
      return false;
    }
  }
}

/** Hydra's introspection keeps the local subject in `sub` and adds the client's view of it. */
function obfuscated(subject: string, idTokenSubject: string | undefined): { obfuscated_subject?: string } {
  return idTokenSubject && idTokenSubject !== subject ? { obfuscated_subject: idTokenSubject } : {};
}
