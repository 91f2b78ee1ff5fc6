/** UsedJtis in memory (the contract is on src/oauth2/assertion/used-jtis.ts). */
import type { UsedJtis } from '../../../src/oauth2/assertion/used-jtis.js';

export class MemoryUsedJtis implements UsedJtis {
  private readonly expiries = new Map<string, number>();

  async markUsed(jti: string, expiresAt: number, now: number): Promise<boolean> {
    const known = this.expiries.get(jti);
    if (known !== undefined && known > now) return false;
    this.expiries.set(jti, expiresAt);
    return true;
  }
}
