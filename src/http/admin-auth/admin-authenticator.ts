/**
 * Decides whether an admin request may proceed (Tessera's answer to ory/hydra#2041). The
 * credential is an RFC 6750 §2.1 bearer token in the Authorization header: either one of the
 * static tokens from the configuration, or an access token this server issued (opaque or JWT),
 * still active, carrying the configured admin scope. The latter is checked by in-process
 * introspection against storage on every request, so a revoked or expired token stops working at
 * once. Refresh tokens, ID tokens and foreign tokens are invalid_token.
 */
import type { AdminAuthConfig } from '../../config/types.js';
import type { OAuthError } from '../../core/errors.js';
import { splitScope } from '../../core/scope-strategy.js';
import type { TokenIntrospector } from '../../oauth2/tokens/token-introspector.js';
import { adminAuthErrors } from './admin-auth-errors.js';
import { StaticTokens } from './static-tokens.js';

export type AdminAuthDecision = { allowed: true } | { allowed: false; error: OAuthError };

const ALLOWED: AdminAuthDecision = Object.freeze({ allowed: true });

export class AdminAuthenticator {
  private readonly staticTokens: StaticTokens;

  constructor(
    private readonly config: AdminAuthConfig,
    private readonly introspector: Pick<TokenIntrospector, 'introspect'>,
  ) {
    this.staticTokens = new StaticTokens(config.bearer_tokens);
  }

  async decide(authorization: string | undefined): Promise<AdminAuthDecision> {
    if (authorization === undefined || authorization.trim() === '') return { allowed: false, error: adminAuthErrors.missing };
    // RFC 6750 §2.1: "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 9110 §11.1).
    const token = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization)?.[1];
    if (!token) return { allowed: false, error: adminAuthErrors.invalidToken };
    if (this.staticTokens.matches(token)) return ALLOWED;
    const result = await this.introspector.introspect(token);
    if (!result.active || result.token_use !== 'access_token') return { allowed: false, error: adminAuthErrors.invalidToken };
    if (!splitScope(result.scope).includes(this.config.scope)) {
      return { allowed: false, error: adminAuthErrors.insufficientScope(this.config.scope) };
    }
    return ALLOWED;
  }
}
