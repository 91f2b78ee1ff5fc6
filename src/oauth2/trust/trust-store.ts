/**
 * Storage of JWT-bearer trust relationships (Hydra's trust.GrantManager and fosite's
 * RFC7523KeyStorage). The SQL implementation is persistence/sql/trust.ts; its contract test is
 * test/persistence/trust-store.contract.test.ts.
 */
import type { TrustedIssuer } from './trusted-issuer.js';

export interface TrustListQuery {
  /** The id after which the page starts ('' for the first page); rows come in id order. */
  after: string;
  limit: number;
  /** Only relationships of this issuer, when given. */
  issuer?: string;
}

export interface TrustStore {
  /** Throws errors.conflict when the issuer already trusts a key with this kid for this subject (or any). */
  create(trust: TrustedIssuer): Promise<void>;
  /** Throws errors.notFound. */
  get(id: string): Promise<TrustedIssuer>;
  /** Throws errors.notFound. */
  delete(id: string): Promise<void>;
  list(query: TrustListQuery): Promise<TrustedIssuer[]>;
  /**
   * The relationships that let `issuer` assert `subject` at `now`: for that subject or any, not
   * expired, with key id `keyId` when one is given; newest first, at most 100 (as Hydra loads).
   */
  findTrusted(issuer: string, subject: string, keyId: string | undefined, now: number): Promise<TrustedIssuer[]>;
}
