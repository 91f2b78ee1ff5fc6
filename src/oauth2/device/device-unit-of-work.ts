/**
 * The transactions RFC 8628 needs, declared by the domain that needs them (the storage layer's
 * SqlUnitOfWork implements it): the device code's approval lands with the consent verifier's use,
 * and its redemption with the tokens it issues, all or nothing (security checklist §6).
 */
import type { FlowStore } from '../../flow/flow-store.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { RefreshTokenStore } from '../refresh/refresh-token-store.js';
import type { DeviceChallengeStore, DeviceCodeStore } from './device-code-store.js';

export interface DeviceTransactionStores {
  readonly flows: FlowStore;
  readonly accessTokens: AccessTokenStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly deviceCodes: DeviceCodeStore;
  readonly deviceChallenges: DeviceChallengeStore;
}

/** As UnitOfWork (persistence/unit-of-work.ts): one transaction, a deadlock victim run again whole. */
export interface DeviceUnitOfWork {
  transaction<T>(work: (tx: DeviceTransactionStores) => Promise<T>): Promise<T>;
}
