/**
 * The login/consent state machine of one authorization request. Every arrow is taken by one
 * compare-and-set UPDATE (WHERE state = <from>), so each challenge and verifier is single use:
 * of two concurrent attempts exactly one moves the row, the other finds it gone.
 *
 *   GET /oauth2/auth ──> login_initialized ──(admin PUT login/accept)──> login_accepted
 *                          │  [login_challenge]                          [login_verifier]
 *                          └──(admin PUT login/reject)──> login_rejected ──(login_verifier)──> login_failed ▣
 *
 *   login_accepted ──(GET /oauth2/auth?login_verifier, CSRF cookie)──> consent_initialized
 *                                                                       [consent_challenge]
 *   consent_initialized ──(admin PUT consent/accept)──> consent_accepted [consent_verifier]
 *        └──(admin PUT consent/reject)──> consent_rejected ──(consent_verifier)──> consent_failed ▣
 *
 *   consent_accepted ──(GET /oauth2/auth?consent_verifier, CSRF cookie)──> consent_used ▣ (code issued)
 *
 * Each step also expires ttl.login_consent_request after it was entered. ▣ = terminal.
 * Hydra (flow/flow.go) lets a login or consent be accepted again until its verifier is used;
 * Tessera does not: accepting twice is refused (409), so a challenge is truly single use.
 */
export type FlowState =
  | 'login_initialized'
  | 'login_accepted'
  | 'login_rejected'
  | 'login_failed'
  | 'consent_initialized'
  | 'consent_accepted'
  | 'consent_rejected'
  | 'consent_failed'
  | 'consent_used';

/** The column holding the hash of the secret that a step hands out. */
export type StepColumn = 'login_challenge' | 'login_verifier' | 'consent_challenge' | 'consent_verifier';

/**
 * From a state, the events that may leave it, and where they lead. The one written form of the
 * state rules: flow.ts derives from it which states await a challenge's answer or a verifier, and
 * when a step counts as used. `satisfies` keeps the literal keys, so `Transition` is a closed union
 * and a misspelt transition does not compile.
 */
export const TRANSITIONS = {
  acceptLogin: { from: 'login_initialized', to: 'login_accepted' },
  rejectLogin: { from: 'login_initialized', to: 'login_rejected' },
  useLogin: { from: 'login_accepted', to: 'consent_initialized' },
  useLoginError: { from: 'login_rejected', to: 'login_failed' },
  acceptConsent: { from: 'consent_initialized', to: 'consent_accepted' },
  rejectConsent: { from: 'consent_initialized', to: 'consent_rejected' },
  useConsent: { from: 'consent_accepted', to: 'consent_used' },
  useConsentError: { from: 'consent_rejected', to: 'consent_failed' },
} as const satisfies Record<string, { from: FlowState; to: FlowState }>;

export type Transition = keyof typeof TRANSITIONS;
