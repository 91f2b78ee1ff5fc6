/**
 * The pure state machine of flow.ts, without a server or a database: which moves each state
 * allows, what they carry on, and the rules derived from TRANSITIONS (which states await an
 * answer or a verifier, when a step counts as used). Single use under concurrency is the store's
 * compare-and-set, tested in misuse.test.ts against real databases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FlowStateError,
  acceptConsent,
  acceptLogin,
  assertState,
  awaitingAnswer,
  awaitingVerifier,
  consentWasUsed,
  loginWasUsed,
  newFlow,
  rejectConsent,
  rejectLogin,
  useConsent,
  useConsentError,
  useLogin,
  useLoginError,
  type Flow,
  type Move,
} from '../../src/flow/flow.js';
import { TRANSITIONS, type FlowState, type Transition } from '../../src/flow/flow-states.js';
import type { ConsentResult, DeniedResult, FlowData, LoginResult } from '../../src/flow/flow-model.js';

// Compile-time checks (tsc -p tsconfig.json type-checks this file): Transition is a closed union.
// @ts-expect-error a misspelt transition does not compile
const misspelt: Transition = 'acceptLgoin';
const spelt: Transition = 'acceptLogin';
void misspelt;
void spelt;

const STATES: FlowState[] = [
  'login_initialized', 'login_accepted', 'login_rejected', 'login_failed',
  'consent_initialized', 'consent_accepted', 'consent_rejected', 'consent_failed', 'consent_used',
];

const data = { request: { requestUrl: 'http://as.test/oauth2/auth?client_id=c' }, loginChallenge: 'lc', loginCsrf: 'csrf', loginSessionId: 'sid', skip: false, consentRequestId: 'r' } as unknown as FlowData;
const flowIn = (state: FlowState): Flow => ({ ...newFlow({ id: 'f', clientId: 'c', requestedAt: 0, expiresAt: 1, data }), state });
const login = { subject: 'alice', remember: false, remember_for: 0, acr: '', amr: [], context: {}, force_subject_identifier: '', authenticated_at: 1 } satisfies LoginResult;
const consent = { grant_scope: ['openid'], grant_access_token_audience: [], remember: false, remember_for: 0, context: {}, session: { access_token: {}, id_token: {} }, handled_at: 1 } satisfies ConsentResult;
const denied = { error: 'access_denied', error_description: 'no', error_hint: '', status_code: 403 } satisfies DeniedResult;
const consentStart = { consentChallenge: 'cc', consentCsrf: 'ccsrf', consentSkip: true, subjectIdentifier: 'pairwise' };

const MOVES: Record<Transition, (flow: Flow) => Move> = {
  acceptLogin: (flow) => acceptLogin(flow, login),
  rejectLogin: (flow) => rejectLogin(flow, denied),
  useLogin: (flow) => useLogin(flow, consentStart),
  useLoginError,
  acceptConsent: (flow) => acceptConsent(flow, consent),
  rejectConsent: (flow) => rejectConsent(flow, denied),
  useConsent,
  useConsentError,
};

describe('the flow state machine (flow.ts)', () => {
  it('starts a flow awaiting the login app', () => {
    assert.equal(newFlow({ id: 'f', clientId: 'c', requestedAt: 0, expiresAt: 1, data }).state, 'login_initialized');
  });

  it('allows each transition from its source state only, and names it in the move', () => {
    for (const [transition, build] of Object.entries(MOVES) as Array<[Transition, (flow: Flow) => Move]>) {
      for (const state of STATES) {
        if (state === TRANSITIONS[transition].from) {
          assert.equal(build(flowIn(state)).transition, transition);
        } else {
          assert.throws(() => build(flowIn(state)), FlowStateError, `${transition} from ${state}`);
        }
      }
    }
  });

  it('carries the answer of each step on in the flow data, and leaves the flow value unchanged', () => {
    const flow = flowIn('login_initialized');
    assert.deepEqual(acceptLogin(flow, login).data.login, login);
    assert.deepEqual(rejectLogin(flow, denied).data.denied, denied);
    assert.equal(flow.data.login, undefined);
    const used = useLogin(flowIn('login_accepted'), consentStart).data;
    assert.equal(used.consentChallenge, 'cc');
    assert.equal(used.consentCsrf, 'ccsrf');
    assert.equal(used.consentSkip, true);
    assert.equal(used.subjectIdentifier, 'pairwise');
    assert.deepEqual(acceptConsent(flowIn('consent_initialized'), consent).data.consent, consent);
    assert.equal(useConsent(flowIn('consent_accepted')).data, data);
  });

  it('guards with the states it is given', () => {
    assert.doesNotThrow(() => assertState(flowIn('login_accepted'), 'login_accepted', 'login_rejected'));
    const error = assert.throws(() => assertState(flowIn('consent_used'), 'consent_accepted'), (e: unknown) => e instanceof FlowStateError && e.state === 'consent_used');
    void error;
  });

  it('derives from TRANSITIONS which states await an answer and which a verifier', () => {
    assert.deepEqual(awaitingAnswer('login'), ['login_initialized']);
    assert.deepEqual(awaitingAnswer('consent'), ['consent_initialized']);
    assert.deepEqual(awaitingVerifier('login'), ['login_accepted', 'login_rejected']);
    assert.deepEqual(awaitingVerifier('consent'), ['consent_accepted', 'consent_rejected']);
  });

  it('counts a step as used once its verifier was, as Hydra answers 410 (consent/handler.go)', () => {
    const loginUsed = STATES.filter(loginWasUsed);
    assert.deepEqual(loginUsed, ['login_failed', 'consent_initialized', 'consent_accepted', 'consent_rejected', 'consent_failed', 'consent_used']);
    assert.deepEqual(STATES.filter(consentWasUsed), ['consent_failed', 'consent_used']);
  });
});
