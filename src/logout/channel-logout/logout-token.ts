/**
 * The Logout Token of OpenID Connect Back-Channel Logout 1.0 §2.4, signed with the
 * `hydra.openid.id-token` key set as Hydra does (consent/strategy_default.go
 * executeBackChannelLogout). Claims: iss, aud (the client), iat, exp, jti, events and sid, which
 * Hydra always sends; §2.4 also allows sub, sent here as the client's own ID tokens carried it.
 * §2.4: a Logout Token MUST NOT contain a nonce (so it cannot pass for an ID token), and is
 * explicitly typed `logout+jwt` (§2.4, RECOMMENDED) so an RP cannot confuse it with one either.
 */
import { randomUUID } from 'node:crypto';
import { ID_TOKEN_SET } from '../../jwk/key-sets.js';
import type { JwtSigner } from '../../jwk/jwt-signer.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
export const LOGOUT_TOKEN_TYPE = 'logout+jwt';
/** §2.4 REQUIRES exp; §4 recommends a short lifetime: the token is delivered at once. */
export const LOGOUT_TOKEN_LIFESPAN_SECONDS = 120;

export interface LogoutTokenSubject {
  clientId: string;
  sid: string;
  subject: string;
}

export class LogoutTokens {
  constructor(
    private readonly signer: JwtSigner,
    private readonly options: { issuer: string; now: () => number },
  ) {}

  async issue(target: LogoutTokenSubject): Promise<string> {
    const now = Math.floor(this.options.now() / 1000);
    return this.signer.sign(ID_TOKEN_SET, {
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      sid: target.sid,
      iss: this.options.issuer,
      sub: target.subject,
      aud: [target.clientId],
      iat: now,
      exp: now + LOGOUT_TOKEN_LIFESPAN_SECONDS,
      jti: randomUUID(),
    }, LOGOUT_TOKEN_TYPE);
  }
}
