/**
 * The login/consent flow as a pure state machine, as Hydra's flow/flow.go is: a `Flow` value,
 * one function per transition of TRANSITIONS (flow-states.ts), and one guard. Each function checks
 * the state it leaves and returns the move to make: the transition and the data the flow carries
 * on. It reads no clock and touches no store, cookie or URL; it mints nothing (the services mint
 * the step secrets and hand them in).
 *
 * The guard only refuses a move that cannot be taken; single use is enforced by the store, whose
 * compare-and-set UPDATE (WHERE state = <from>) lets exactly one of two concurrent moves through.
 */
import type { ConsentResult, DeniedResult, FlowData, LoginResult } from './flow-model.js';
import type { FlowRecord } from './flow-store.js';
import { TRANSITIONS, type FlowState, type Transition } from './flow-states.js';

/** One authorization request's flow, as stored. */
export type Flow = FlowRecord;

/** The two steps of a flow: each hands out a challenge (answered by the app) and a verifier (used by the browser). */
export type Step = 'login' | 'consent';

/** A move the state machine allows: the transition to take, and the data the flow carries after it. */
export interface Move {
  transition: Transition;
  data: FlowData;
}

/** A flow asked to take a transition from a state it is not in (Hydra: "invalid flow state"). */
export class FlowStateError extends Error {
  constructor(
    readonly state: FlowState,
    readonly expected: readonly FlowState[],
  ) {
    super(`The flow is in state ${state}, not ${expected.join(' or ')}.`);
    this.name = 'FlowStateError';
  }
}

/** The guard of every transition (Hydra's `f.State` checks in flow.go). */
export function assertState(flow: Flow, ...states: FlowState[]): void {
  if (!states.includes(flow.state)) throw new FlowStateError(flow.state, states);
}

/**
 * The move `build` makes, or `refusal` when the flow is not in the state that move leaves: each
 * caller refuses in its own words (a challenge already answered, a verifier already used).
 */
export function moveOrRefuse(build: () => Move, refusal: Error): Move {
  try {
    return build();
  } catch (error) {
    if (error instanceof FlowStateError) throw refusal;
    throw error;
  }
}

/** The transitions a step's challenge (answered through the admin API) and verifier (used by the browser) take. */
const STEP_TRANSITIONS = {
  login: { challenge: ['acceptLogin', 'rejectLogin'], verifier: ['useLogin', 'useLoginError'] },
  consent: { challenge: ['acceptConsent', 'rejectConsent'], verifier: ['useConsent', 'useConsentError'] },
} as const satisfies Record<Step, { challenge: readonly Transition[]; verifier: readonly Transition[] }>;

const sources = (transitions: readonly Transition[]): FlowState[] => [...new Set(transitions.map((t) => TRANSITIONS[t].from))];

/** The states reachable from `states` (themselves included), following TRANSITIONS. */
function reachable(states: FlowState[]): Set<FlowState> {
  const seen = new Set(states);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { from, to } of Object.values(TRANSITIONS)) {
      if (seen.has(from) && !seen.has(to)) {
        seen.add(to);
        grew = true;
      }
    }
  }
  return seen;
}

/** The states in which a step's challenge can still be answered (accepted or rejected). */
export function awaitingAnswer(step: Step): readonly FlowState[] {
  return sources(STEP_TRANSITIONS[step].challenge);
}

/** The states in which a step's verifier can still be used. */
export function awaitingVerifier(step: Step): readonly FlowState[] {
  return sources(STEP_TRANSITIONS[step].verifier);
}

const USED: Record<Step, Set<FlowState>> = {
  login: reachable(STEP_TRANSITIONS.login.verifier.map((t) => TRANSITIONS[t].to)),
  consent: reachable(STEP_TRANSITIONS.consent.verifier.map((t) => TRANSITIONS[t].to)),
};

/**
 * A step is used once its verifier was: the flow is in a state the verifier leads to, or beyond.
 * Hydra answers 410 Gone when such a request is read (consent/handler.go).
 */
export function stepWasUsed(step: Step, state: FlowState): boolean {
  return USED[step].has(state);
}

export const loginWasUsed = (state: FlowState): boolean => stepWasUsed('login', state);
export const consentWasUsed = (state: FlowState): boolean => stepWasUsed('consent', state);

/** A flow begins when GET /oauth2/auth hands out the login challenge. */
export function newFlow(fields: Omit<Flow, 'state'>): Flow {
  return { ...fields, state: 'login_initialized' };
}

function move(flow: Flow, transition: Transition, data: FlowData): Move {
  assertState(flow, TRANSITIONS[transition].from);
  return { transition, data };
}

/** The login app authenticated the user (admin PUT login/accept). */
export function acceptLogin(flow: Flow, login: LoginResult): Move {
  return move(flow, 'acceptLogin', { ...flow.data, login });
}

/** The login app refused (admin PUT login/reject); the browser is told when it brings the verifier. */
export function rejectLogin(flow: Flow, denied: DeniedResult): Move {
  return move(flow, 'rejectLogin', { ...flow.data, denied });
}

/** What using the login verifier fixes for the consent step. */
export interface ConsentStart {
  consentChallenge: string;
  consentCsrf: string;
  /** A remembered consent covers this request. */
  consentSkip: boolean;
  subjectIdentifier: string | undefined;
}

/** The browser came back with the login verifier: the consent step begins. */
export function useLogin(flow: Flow, consent: ConsentStart): Move {
  return move(flow, 'useLogin', { ...flow.data, ...consent });
}

/** The browser came back with the verifier of a rejected login: the flow ends in failure. */
export function useLoginError(flow: Flow): Move {
  return move(flow, 'useLoginError', flow.data);
}

/** The consent app granted (admin PUT consent/accept). */
export function acceptConsent(flow: Flow, consent: ConsentResult): Move {
  return move(flow, 'acceptConsent', { ...flow.data, consent });
}

/** The consent app refused (admin PUT consent/reject). */
export function rejectConsent(flow: Flow, denied: DeniedResult): Move {
  return move(flow, 'rejectConsent', { ...flow.data, denied });
}

/** The browser came back with the consent verifier: the flow is done, and its grant may be issued. */
export function useConsent(flow: Flow): Move {
  return move(flow, 'useConsent', flow.data);
}

/** The browser came back with the verifier of a rejected consent: the flow ends in failure. */
export function useConsentError(flow: Flow): Move {
  return move(flow, 'useConsentError', flow.data);
}
