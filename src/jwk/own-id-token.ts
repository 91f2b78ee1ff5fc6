/**
 * Verifies an ID token this server issued, presented back to it as an `id_token_hint` (OIDC Core
 * §3.1.2.1 at authorize, RP-Initiated Logout 1.0 §2 at logout): signed by a key of
 * `hydra.openid.id-token`, issued by this issuer. Expiry is not checked: both specifications accept
 * an expired hint (Hydra's getIDTokenHintClaims too). Each caller turns a failure into its own
 * error text, so the reasons are returned, not thrown.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import { ID_TOKEN_SET, type PublicKeySource } from './key-sets.js';

export type OwnIdToken =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: 'unverifiable' | 'no-claims' | 'foreign-issuer' };

export async function verifyOwnIdToken(token: string, keys: PublicKeySource, issuer: string): Promise<OwnIdToken> {
  let claims: unknown;
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet(await keys.publicJwks([ID_TOKEN_SET])));
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'unverifiable' };
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { ok: false, reason: 'no-claims' };
  const record = claims as Record<string, unknown>;
  if (record.iss !== issuer) return { ok: false, reason: 'foreign-issuer' };
  return { ok: true, claims: record };
}
