/**
 * Signs a JWT with the newest key of a set, as Hydra's `jwk.JWTSigner` (jwk/jwt_strategy.go)
 * does for ID tokens, logout tokens, userinfo responses and JWT access tokens alike: the header
 * is always `{alg, kid, typ}` of that key, the claims are the caller's.
 */
import { SignJWT, type JWTPayload } from 'jose';
import type { SigningKeySource } from './key-sets.js';
import { signEcdsaCompact } from './synchronous-ecdsa.js';

/**
 * The claims, or a function of the signing algorithm for claims that depend on it (an ID token's
 * at_hash and c_hash, OIDC Core §3.1.3.6): the key is looked up once, so both use the same key.
 */
export type ClaimsFor = JWTPayload | ((alg: string) => JWTPayload);

export class JwtSigner {
  constructor(private readonly keys: SigningKeySource) {}

  async sign(set: string, claims: ClaimsFor, typ: string): Promise<string> {
    const signing = await this.keys.signingKey(set);
    const payload = typeof claims === 'function' ? claims(signing.alg) : claims;
    const ecdsa = signEcdsaCompact(signing, payload, typ);
    if (ecdsa !== undefined) return ecdsa;
    return new SignJWT(payload).setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ }).sign(signing.key);
  }
}
