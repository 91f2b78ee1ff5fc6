/**
 * RFC 6749 §6: the refresh_token grant, with fosite's `flow_refresh.go` semantics. The token must
 * be one we issued, to this client (§6: "ensure that the refresh token was issued to the
 * authenticated client"), for a grant with offline access. Every use rotates it (RFC 9700
 * §4.14.2); presenting a rotated token again outside the grace period is taken as theft and
 * revokes the whole chain (RFC 6819 §5.2.2.3). `scope` may narrow the new access token but never
 * widen it (§6); the new refresh token keeps the original scope (§6: "MUST be identical").
 * An ID token is issued again when openid is in scope, without nonce (OIDC Core §12.2).
 */
import { errors } from '../../core/errors.js';
import { assertGrantable } from '../../core/grantable.js';
import { splitScope, type ScopeStrategy } from '../../core/scope-strategy.js';
import type { Issuance, TokenResponder } from '../tokens/token-responder.js';
import { OFFLINE_SCOPES, type RefreshTokens } from '../refresh/refresh-tokens.js';
import { isConcurrentUse, withinGrace, type GracePolicy } from '../refresh/refresh-rotation.js';
import type { RefreshRecord } from '../refresh/refresh-token-store.js';
import type { GrantHandler, TokenClient, TokenRequest, TokenResponse } from './grant-handler.js';

const concurrentUse = errors.invalidGrant.withHint('The refresh token was used by a concurrent request; it is no longer valid.');

/**
 * A lost race on the same chain (a deadlock, serialization failure or lock wait that outlived the
 * retries) is the client's problem to resolve, not a server error, as in fosite's
 * handler/oauth2/flow_refresh.go (handleRefreshTokenEndpointStorageError).
 */
function concurrent(error: unknown): never {
  throw isConcurrentUse(error) ? concurrentUse : error;
}

export interface RefreshTokenOptions {
  scopeStrategy: ScopeStrategy;
  grace: GracePolicy;
}

export interface RefreshTokenDependencies {
  refresh: RefreshTokens;
  responder: TokenResponder;
  options: RefreshTokenOptions;
  now: () => number;
}

/** A refresh token that passed every check, and the grant it renews. */
interface RenewableGrant {
  record: RefreshRecord;
  issuance: Issuance;
  /** When the checks ran: the grace period of the rotation is judged at the same instant. */
  now: number;
}

export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';

  constructor(private readonly deps: RefreshTokenDependencies) {}

  async handle(request: TokenRequest): Promise<TokenResponse> {
    return this.populate(await this.validate(request));
  }

  /** fosite flow_refresh.go HandleTokenEndpointRequest: nothing is rotated yet. */
  async validate({ params, client }: TokenRequest): Promise<RenewableGrant> {
    if (!(client.grant_types ?? []).includes(this.grantType)) {
      throw errors.unauthorizedClient.withHint("The OAuth 2.0 Client is not allowed to use authorization grant 'refresh_token'.");
    }
    const { refresh, options } = this.deps;
    const record = await refresh.find(params.require('refresh_token'));
    if (!record) throw errors.invalidGrant.withHint('The refresh token is malformed or not valid.');
    const now = this.deps.now();
    if (!record.active && !withinGrace(record, options.grace, now)) return this.reused(record);
    if (refresh.expired(record) && record.active) throw errors.invalidGrant.withHint('The refresh token expired.');
    if (!record.grantedScope.some((scope) => OFFLINE_SCOPES.includes(scope))) {
      throw errors.invalidScope.withHint("The OAuth 2.0 Client was not granted scope offline or offline_access and may thus not perform the 'refresh_token' authorization grant.");
    }
    if (record.clientId !== client.client_id) {
      throw errors.invalidGrant.withHint('The OAuth 2.0 Client ID from this request does not match the ID during the initial token issuance.');
    }
    // fosite flow_refresh.go: the grant is renewed only within what the client may have today. A
    // client whose scope or audience was narrowed since the grant does not get the removed ones back
    // (RFC 9700 §2.3, least privilege); the request fails before rotation, so the token stays usable.
    assertGrantable(client, record.grantedScope, record.grantedAudience, options.scopeStrategy);
    const scope = this.narrowedScope(record, client, params.get('scope'));
    const { subject, grantedAudience: audience, requestId, session } = record;
    return { record, now, issuance: { client, grant: 'refresh_token', requestId, subject, scope, audience, ext: session.ext, idTokenSession: session.idToken, request: { params, client } } };
  }

  /**
   * Signed before the transaction: nothing is rotated unless the whole response can be given. The
   * new refresh token keeps the scope first granted (RFC 6749 §6: "MUST be identical").
   */
  async populate({ record, issuance, now }: RenewableGrant): Promise<TokenResponse> {
    const { response, access, refresh } = await this.deps.responder.populate(issuance, {
      refresh: { scope: record.grantedScope, session: record.session },
      // OIDC Core §12.2: an ID token again when openid is in scope, without nonce.
      idToken: issuance.scope.includes('openid') ? {} : undefined,
    });
    const next = refresh!; // always minted: a refresh was asked for above
    // A deadlock victim was rolled back whole and runs again; a real concurrent use of this
    // token then finds it claimed and fails below.
    const rotated = await this.deps.refresh.rotate(record, { access: access.record, refresh: next.record }, this.deps.options.grace, now).catch(concurrent);
    if (!rotated) throw concurrentUse;
    return response;
  }

  /** RFC 6749 §6: the requested scope "MUST NOT include any scope not originally granted". */
  private narrowedScope(record: RefreshRecord, client: TokenClient, requested: string | undefined): string[] {
    const scope = requested === undefined ? record.grantedScope : splitScope(requested);
    const allowedByClient = splitScope(client.scope);
    for (const name of scope) {
      if (!record.grantedScope.includes(name)) {
        throw errors.invalidScope.withHint(`The requested scope '${name}' was not originally granted by the resource owner.`);
      }
      if (!this.deps.options.scopeStrategy(allowedByClient, name)) {
        throw errors.invalidScope.withHint(`The OAuth 2.0 Client is not allowed to request scope '${name}'.`);
      }
    }
    return scope;
  }

  /** RFC 6819 §5.2.2.3: the server cannot tell thief from owner, so the whole grant is revoked. */
  private async reused(record: RefreshRecord): Promise<never> {
    await this.deps.refresh.store.revokeChain(record.requestId).catch(concurrent);
    if (record.revoked && record.firstUsedAt === null) throw errors.invalidGrant.withHint('The refresh token has been revoked.');
    throw errors.invalidGrant
      .withHint('The refresh token was already used: refresh token re-use was detected and all related tokens have been revoked.')
      .withDebug('Refresh token re-use was detected. All related tokens have been revoked.');
  }
}
