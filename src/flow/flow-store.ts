/**
 * Storage of login/consent flows (the states of flow-states.ts). The SQL implementation is
 * persistence/sql/flow.ts; an in-memory one for unit tests is test/support/memory-stores/.
 */
import type { CodeRow, ConsentSessionRow } from '../persistence/tables.js';
import type { FlowData } from './flow-model.js';
import type { FlowState, StepColumn, Transition } from './flow-states.js';

/** The consent session's index entry (hydra_oauth2_consent_session), named as its columns. */
export type { ConsentSessionRow };

export interface FlowRecord {
  id: string;
  state: FlowState;
  clientId: string;
  requestedAt: number;
  expiresAt: number;
  data: FlowData;
}

export interface TransitionChange {
  data: FlowData;
  expiresAt: number;
  /** The step secret the new state hands out, hashed. */
  issue?: StepSecret;
  subject?: string;
  /** A consent accepted with remember=true, to be found by rememberedConsents. */
  consentRemember?: boolean;
  /** An accepted consent: its consent-session row is written with the step, atomically. */
  consentSession?: ConsentSessionRow;
  /**
   * A remembered login's identity provider session, written with the step that sets its cookie
   * (`remember`), or kept as long as the cookie a skipped login extended (`extend`); see
   * session/identity-provider-logout.ts.
   */
  identityProviderSession?: IdentityProviderSessionChange;
  /**
   * The authorization code the consent verifier's step issues, as its row (sealed by the code
   * store): written with the step, atomically, so that the verifier is used if and only if the
   * code is stored (issue-response.ts).
   */
  code?: CodeRow;
}

/** The row of hydra_oauth2_login_session_idp that a step writes or keeps longer. */
export type IdentityProviderSessionChange =
  | { remember: { sid: string; subject: string; identityProviderSessionId: string; expiresAt: number } }
  | { extend: { sid: string; expiresAt: number } };

/** A step secret handed out by a transition: which step, and the hash of the secret. */
export interface StepSecret {
  column: StepColumn;
  hash: string;
}

/**
 * The contract:
 * - Step secrets (challenges, verifiers) are found by their hash only; a hash names at most one flow.
 * - `transition` is a compare-and-set on (id, the transition's source state): it answers true to
 *   exactly one caller and moves the flow, or false and changes nothing, so a second use of the
 *   same challenge or verifier, even concurrent, is refused. Its change (data, expiry, the secret
 *   it issues, subject, remember flag and the consent-session entry) lands whole or not at all.
 * - `data` is sealed at rest, bound to the flow's id: a row's data cannot be moved to another.
 * - `rememberedConsents` answers used flows whose consent was remembered, newest first.
 */
export interface FlowStore {
  create(record: FlowRecord, loginChallengeHash: string): Promise<void>;
  findBy(column: StepColumn, hash: string): Promise<FlowRecord | undefined>;
  /** Completed flows whose consent was remembered for this subject and client, newest first. */
  rememberedConsents(subject: string, clientId: string, limit?: number): Promise<FlowRecord[]>;
  /** Moves the flow along `transition` if it is still in the transition's source state. */
  transition(id: string, transition: Transition, change: TransitionChange): Promise<boolean>;
}
