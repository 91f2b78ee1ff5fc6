/**
 * Storage of RFC 8628 device authorizations and of the device challenges of the verification
 * page. The SQL implementation is persistence/sql/device-code.ts.
 *
 * A device authorization moves along one line, each arrow a compare-and-set on its state:
 *
 *   pending ──(user code accepted by a challenge)──> claimed ──(consent given)──> approved ──(token)──> used
 *                                                       └──(login or consent refused)──> denied
 *
 * so a user code is used once (RFC 8628 §5.1, §6.1), a grant is approved once, and a device code
 * is redeemed once (§3.5).
 */
import type { ConsentedGrant } from '../../flow/flow-model.js';

export type DeviceCodeState = 'pending' | 'claimed' | 'approved' | 'denied' | 'used';

/** What an approved device code stands for: the consented grant, as a code stands for one. */
export type DeviceGrant = ConsentedGrant & { consentRequestId: string };

export interface DeviceCodeRecord {
  /** A hash of the device code's HMAC signature: the device code itself is never stored. */
  key: string;
  /** The user code's HMAC (user-code.ts). */
  userCodeSignature: string;
  requestId: string;
  clientId: string;
  state: DeviceCodeState;
  /** The device challenge that claimed the user code. */
  challengeId?: string;
  requestedScope: string[];
  requestedAudience: string[];
  grant?: DeviceGrant;
  requestedAt: number;
  expiresAt: number;
  lastPolledAt: number;
}

/**
 * The contract:
 * - `create` refuses (throws UserCodeTaken) a user code signature already stored, and writes nothing.
 * - `claim`, `approve`, `deny` and `consume` are compare-and-set: true to exactly one caller, or
 *   false having changed nothing.
 * - `poll` records a poll at `now` only when the last one is at least `intervalMs` old, and
 *   answers whether it did: polling faster than the interval changes nothing.
 */
export interface DeviceCodeStore {
  create(record: DeviceCodeRecord): Promise<void>;
  get(key: string): Promise<DeviceCodeRecord | undefined>;
  findByUserCode(userCodeSignature: string): Promise<DeviceCodeRecord | undefined>;
  /** pending → claimed, for the challenge `challengeId`. */
  claim(key: string, challengeId: string): Promise<boolean>;
  /** claimed → approved, with the consented grant. */
  approve(key: string, grant: DeviceGrant): Promise<boolean>;
  /** claimed → denied. */
  deny(key: string): Promise<boolean>;
  /** approved → used. */
  consume(key: string): Promise<boolean>;
  poll(key: string, now: number, intervalMs: number): Promise<boolean>;
}

/** Thrown by `create` when the user code's signature is already taken (fosite ErrExistingUserCodeSignature). */
export class UserCodeTaken extends Error {
  constructor() {
    super('The user code is already in use.');
    this.name = 'UserCodeTaken';
  }
}

export type DeviceChallengeState = 'initialized' | 'accepted' | 'used' | 'blocked';

export interface DeviceChallengeRecord {
  /** A hash of the challenge (flow/step-secret.ts). */
  id: string;
  /** A hash of the device verifier, once the user code was accepted. */
  verifier?: string;
  csrf: string;
  state: DeviceChallengeState;
  /** Wrong user codes entered for this challenge. */
  attempts: number;
  /** The device authorization whose user code was accepted. */
  deviceCodeKey?: string;
  requestedAt: number;
  expiresAt: number;
}

/**
 * The contract:
 * - `reserveAttempt` takes one of an initialized challenge's `limit` attempts before a user code
 *   is compared, in one conditional UPDATE: of concurrent guesses, at most `limit` are ever
 *   compared, so sending them all at once buys no extra guesses.
 * - `blockIfSpent` blocks for good a challenge whose attempts are all taken (after a wrong code).
 * - `accept` (initialized → accepted) and `use` (accepted → used) are compare-and-set.
 */
export interface DeviceChallengeStore {
  create(record: DeviceChallengeRecord): Promise<void>;
  get(id: string): Promise<DeviceChallengeRecord | undefined>;
  findByVerifier(verifierHash: string): Promise<DeviceChallengeRecord | undefined>;
  reserveAttempt(id: string, limit: number): Promise<boolean>;
  blockIfSpent(id: string, limit: number): Promise<boolean>;
  accept(id: string, verifierHash: string, deviceCodeKey: string): Promise<boolean>;
  use(id: string): Promise<boolean>;
}
