/**
 * Where a JWT access token puts the custom claims of its session (consent `session.access_token`,
 * or what a token hook added), per Hydra's settings (Hydra oauth2/session.go `GetJWTClaims`):
 *
 * - `oauth2.allowed_top_level_claims`: these claims, when present, are copied to the top level.
 *   Never a claim the token itself sets (iss, sub, aud, exp, nbf, iat, jti, client_id, scp, ext),
 *   nor `scope`: Hydra lets a promoted `scope` through under scope_claim `list`, but a resource
 *   server reading it (RFC 9068 §2.2.3, RFC 8693 §4.2) would see scopes that were never granted.
 * - `oauth2.mirror_top_level_claims` (default on): every custom claim also stays under `ext`,
 *   which is then always present, `{}` when there are none (as Hydra's tokens have it).
 * - `oauth2.preserve_ext_claims` (only when mirroring is off): the claims not promoted stay under
 *   `ext`, which is left out when that is empty. Both off: unpromoted claims are dropped.
 *
 * Only the JWT changes: the stored session keeps every claim, so introspection shows them all in
 * `ext`, as Hydra's does. The access token profile (rfc9068 or hydra) shapes typ, aud and scope
 * beside this and is independent of it.
 */
export interface ClaimShaping {
  allowedTopLevelClaims: readonly string[];
  mirrorTopLevelClaims: boolean;
  preserveExtClaims: boolean;
}

const RESERVED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'client_id', 'scp', 'ext', 'scope']);

/** The top-level claims a JWT access token gets from its session's custom claims. */
export function customClaims(shaping: ClaimShaping, ext: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const promoted = new Set(shaping.allowedTopLevelClaims.filter((name) => !RESERVED.has(name)));
  const claims: Record<string, unknown> = {};
  for (const name of promoted) if (Object.hasOwn(ext, name)) claims[name] = ext[name];
  if (shaping.mirrorTopLevelClaims) {
    claims.ext = { ...ext };
  } else if (shaping.preserveExtClaims) {
    const rest = Object.fromEntries(Object.entries(ext).filter(([name]) => !promoted.has(name)));
    if (Object.keys(rest).length > 0) claims.ext = rest;
  }
  return claims;
}
