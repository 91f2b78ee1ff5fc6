/**
 * Signed UserInfo responses (OIDC Core §5.3.2: "If the UserInfo Response is signed ... the
 * response SHOULD contain the iss and aud claims"; Registration §2 userinfo_signed_response_alg).
 * As Hydra (oauth2/handler.go getOidcUserInfo), a client registered with RS256 gets the claims as
 * a JWT signed with the hydra.openid.id-token key set, with `jti` and `iat` added and no `exp`,
 * served as application/jwt.
 */
import { randomUUID } from 'node:crypto';
import { ID_TOKEN_SET } from '../../jwk/key-sets.js';
import type { JwtSigner } from '../../jwk/jwt-signer.js';

export class UserinfoSigner {
  constructor(
    private readonly signer: JwtSigner,
    private readonly now: () => number,
  ) {}

  async sign(claims: Record<string, unknown>): Promise<string> {
    return this.signer.sign(ID_TOKEN_SET, { ...claims, jti: randomUUID(), iat: Math.floor(this.now() / 1000) }, 'JWT');
  }
}
