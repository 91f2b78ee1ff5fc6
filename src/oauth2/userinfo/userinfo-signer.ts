/**
 * Signed UserInfo responses (OIDC Core §5.3.2: "If the UserInfo Response is signed ... the
 * response SHOULD contain the iss and aud claims"; Registration §2 userinfo_signed_response_alg).
 * As Hydra (oauth2/handler.go getOidcUserInfo), a client registered with RS256 gets the claims as
 * a JWT signed with the hydra.openid.id-token key set, with `jti` and `iat` added and no `exp`,
 * served as application/jwt.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ID_TOKEN_SET } from '../../jwk/key-manager.js';
import type { SigningKeySource } from '../tokens/access-token-issuer.js';

export class UserinfoSigner {
  constructor(
    private readonly keys: SigningKeySource,
    private readonly now: () => number,
  ) {}

  async sign(claims: Record<string, unknown>): Promise<string> {
    const signing = await this.keys.signingKey(ID_TOKEN_SET);
    return new SignJWT({ ...claims, jti: randomUUID(), iat: Math.floor(this.now() / 1000) })
      .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: 'JWT' })
      .sign(signing.key);
  }
}
