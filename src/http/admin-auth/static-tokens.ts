/**
 * The static admin tokens of `serve.admin.auth.bearer_tokens`. A presented token is compared
 * with every configured one in constant time (node:crypto timingSafeEqual over SHA-256 digests,
 * so that lengths never leak and no comparison stops early), and only digests are kept in memory
 * beyond construction.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class StaticTokens {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  get size(): number {
    return this.digests.length;
  }

  matches(presented: string): boolean {
    const candidate = digest(presented);
    let found = false;
    for (const known of this.digests) found = timingSafeEqual(known, candidate) || found;
    return found;
  }
}
