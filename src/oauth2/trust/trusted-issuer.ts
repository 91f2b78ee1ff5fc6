/**
 * A trust relationship of the RFC 7523 §2.1 JWT-bearer grant (Hydra oauth2/trust/grant.go): the
 * issuer whose assertions the token endpoint accepts, for one subject or any, with the scopes it
 * may request and the public key that verifies its signatures, until it expires.
 *
 * Where the key lives: Hydra adds it to its JWK store under a set named after the issuer, so that
 * GET /admin/keys/{issuer} lists it. Tessera keeps it in the relationship's own row instead, and
 * reports `public_key.set` as Hydra does (the issuer). Tessera's key sets are its signing sets:
 * a relationship whose issuer is `hydra.openid.id-token` would otherwise put a stranger's public
 * key into the set Tessera publishes as its own at /.well-known/jwks.json; two relationships of
 * one issuer with one kid would share whichever key came first (Hydra adds the key only when the
 * set has none of that kid, so the second relationship's key is silently ignored); and deleting
 * the key through /admin/keys would silently drop or break the relationship.
 */
import type { Jwk } from '../../jwk/jwk.js';

export interface TrustedIssuer {
  id: string;
  issuer: string;
  /** '' when allowAnySubject. */
  subject: string;
  allowAnySubject: boolean;
  scope: string[];
  /** The public key; its `kid` is the relationship's key id. */
  jwk: Jwk;
  /** Epoch ms, whole seconds as Hydra rounds them. */
  createdAt: number;
  expiresAt: number;
}

/** Hydra's trustedOAuth2JwtGrantIssuer JSON (spec/api.json). */
export function trustedIssuerView(trust: TrustedIssuer): Record<string, unknown> {
  return {
    id: trust.id,
    issuer: trust.issuer,
    subject: trust.subject,
    allow_any_subject: trust.allowAnySubject,
    scope: trust.scope,
    public_key: { set: trust.issuer, kid: trust.jwk.kid },
    created_at: rfc3339(trust.createdAt),
    expires_at: rfc3339(trust.expiresAt),
  };
}

/** Go's time.Time JSON for a UTC time in whole seconds: 2026-12-08T10:00:00Z. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
