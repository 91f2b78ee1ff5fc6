/**
 * Mints authorization codes in Hydra's opaque format (`ory_ac_...`, crypto/hmac-token.ts) and
 * finds them again. Lifespan ttl.auth_code (RFC 6749 §4.1.2: short-lived, at most 10 minutes
 * recommended). The request id ties every token the code issues back to it, so that a replayed
 * code can revoke them (RFC 6749 §4.1.2, RFC 6819 §5.2.1.1).
 *
 * Minting stores nothing: the authorization endpoint stores the code in the transaction that uses
 * the consent verifier up (oauth2/authorize/issue-response.ts), so that the two land together.
 */
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { CodeRecord, CodeSession, CodeStore } from './code-store.js';

/** A code not yet stored: the token handed to the client, and the key and record the store keeps. */
export interface MintedCode {
  token: string;
  key: string;
  record: CodeRecord;
}

export class AuthorizationCodes {
  constructor(
    readonly store: CodeStore,
    private readonly hmac: HmacTokenStrategy,
    private readonly options: { lifespanMs: number; now: () => number },
  ) {}

  mint(requestId: string, clientId: string, session: CodeSession): MintedCode {
    const { token, signature } = this.hmac.generate('ac');
    const now = this.options.now();
    const record: CodeRecord = {
      requestId,
      clientId,
      requestedAt: now,
      expiresAt: now + this.options.lifespanMs,
      active: true,
      replayed: false,
      session,
    };
    return { token, key: signatureKey(signature), record };
  }

  /** The stored key and record of a code we issued, or undefined for anything else. */
  async find(code: string): Promise<{ key: string; record: CodeRecord } | undefined> {
    const signature = this.hmac.validate('ac', code);
    if (!signature) return undefined;
    const key = signatureKey(signature);
    const record = await this.store.get(key);
    return record ? { key, record } : undefined;
  }
}
