/**
 * The `c_nonce` of OpenID for Verifiable Credential Issuance (draft 00, as Hydra implements it):
 * a value the wallet signs into its proof of possession, bound to one access token. As in Hydra
 * (persistence/sql/persister_nonce.go) nothing is stored: the nonce is the expiry time sealed with
 * AES-256-GCM under secrets.system, with the access token as additional data, so it opens only
 * for that token and only until `ttl.vc_nonce` has passed. Like Hydra's, a nonce may be used
 * again within its lifespan; the proof it guards is useless without the access token itself.
 */
import type { Aead } from '../../crypto/aead.js';
import { errors } from '../../core/errors.js';

/** Hydra's additional-data prefix, so that no other sealed value can pass for a nonce. */
const PURPOSE = 'vc-nonce-at:';

/** The scopes whose grant earns a nonce in the token response (Hydra's verifiable handler). */
export const CREDENTIAL_SCOPES = ['openid', 'userinfo_credential_draft_00'] as const;

export interface IssuedNonce {
  nonce: string;
  /** Seconds, as `c_nonce_expires_in`. */
  expiresIn: number;
}

export class CredentialNonces {
  constructor(
    private readonly aead: Aead,
    private readonly options: { lifespanMs: number; now: () => number },
  ) {}

  issue(accessToken: string): IssuedNonce {
    const expiresAt = Math.floor((this.options.now() + this.options.lifespanMs) / 1000);
    return { nonce: this.aead.seal(String(expiresAt), PURPOSE + accessToken), expiresIn: Math.floor(this.options.lifespanMs / 1000) };
  }

  /** Throws invalid_request with Hydra's hints unless `nonce` was issued for `accessToken` and is still valid. */
  verify(accessToken: string, nonce: string): void {
    let expiresAt: number;
    try {
      expiresAt = Number(this.aead.openText(nonce, PURPOSE + accessToken));
    } catch {
      throw errors.invalidRequest.withHint('The nonce is invalid.');
    }
    if (!Number.isSafeInteger(expiresAt)) throw errors.invalidRequest.withHint('The nonce is invalid.');
    if (expiresAt < Math.floor(this.options.now() / 1000)) throw errors.invalidRequest.withHint('The nonce has expired.');
  }

  /** The token response members Hydra adds when the grant holds both CREDENTIAL_SCOPES. */
  tokenResponseMembers(accessToken: string, grantedScope: string): Record<string, unknown> {
    const granted = grantedScope.split(' ');
    if (!CREDENTIAL_SCOPES.every((scope) => granted.includes(scope))) return {};
    const { nonce, expiresIn } = this.issue(accessToken);
    return { c_nonce_draft_00: nonce, c_nonce_expires_in_draft_00: expiresIn };
  }
}
