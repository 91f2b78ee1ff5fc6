/**
 * Issues authorization codes in Hydra's opaque format (`ory_ac_...`, crypto/hmac-token.ts) and
 * finds them again. Lifespan ttl.auth_code (RFC 6749 §4.1.2: short-lived, at most 10 minutes
 * recommended). The request id ties every token the code issues back to it, so that a replayed
 * code can revoke them (RFC 6749 §4.1.2, RFC 6819 §5.2.1.1).
 */
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { CodeRecord, CodeSession, CodeStore } from './code-store.js';

export class AuthorizationCodes {
  constructor(
    readonly store: CodeStore,
    private readonly hmac: HmacTokenStrategy,
    private readonly options: { lifespanMs: number; now: () => number },
  ) {}

  async issue(requestId: string, clientId: string, session: CodeSession): Promise<string> {
    const { token, signature } = this.hmac.generate('ac');
    const now = this.options.now();
    await this.store.create(signatureKey(signature), {
      requestId,
      clientId,
      requestedAt: now,
      expiresAt: now + this.options.lifespanMs,
      active: true,
      replayed: false,
      session,
    });
    return token;
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
