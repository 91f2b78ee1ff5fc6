/**
 * The shape of a JWT access token: the header type, the scope claims and the audience, per
 * `strategies.jwt.access_token_profile` and `strategies.jwt.scope_claim`.
 *
 * - `hydra` (default) is Hydra's token exactly (fosite token/jwt/claims_jwt.go `ToMap`, Hydra
 *   oauth2/session.go `GetJWTClaims`): `typ: JWT`, scopes in `scp` (list), `scope` (string) or
 *   both, and `aud` as granted, `[]` when no audience was requested.
 * - `rfc9068` is the JWT profile for access tokens: `typ: at+jwt` (RFC 9068 §2.1), a `scope`
 *   string whenever a scope was granted (§2.2.3, whatever scope_claim says; `scp` stays as
 *   scope_claim says, so that resource servers written for Hydra's tokens keep working), and an
 *   `aud` that is never empty (§3: a default resource when none was requested). That default is
 *   the issuer: without a requested audience the only resource server Tessera knows the token is
 *   for is itself (userinfo), and a third-party resource server checking `aud` against its own
 *   identifier refuses it, as §4 wants. Not the client_id, which is the `aud` of ID tokens.
 */
export type AccessTokenProfile = 'hydra' | 'rfc9068';
export type ScopeClaim = 'list' | 'string' | 'both';

export interface ProfileOptions {
  profile: AccessTokenProfile;
  scopeClaim: ScopeClaim;
  /** urls.self.issuer: RFC 9068's default audience. */
  issuer: string;
}

export interface ProfiledClaims {
  typ: string;
  audience: string[];
  /** `scp` and/or `scope`. */
  scopeClaims: Record<string, unknown>;
}

export function profileClaims(options: ProfileOptions, scope: string[], audience: string[]): ProfiledClaims {
  const rfc9068 = options.profile === 'rfc9068';
  const scopeClaims: Record<string, unknown> = {};
  if (options.scopeClaim !== 'string') scopeClaims.scp = scope;
  // fosite writes `scope: ""` for an empty grant under scope_claim string/both; RFC 8693 §4.2's
  // scope is a list of scopes, so the RFC 9068 profile writes none rather than an empty one.
  if (rfc9068 ? scope.length > 0 : options.scopeClaim !== 'list') scopeClaims.scope = scope.join(' ');
  return {
    typ: rfc9068 ? 'at+jwt' : 'JWT',
    audience: rfc9068 && audience.length === 0 ? [options.issuer] : audience,
    scopeClaims,
  };
}
