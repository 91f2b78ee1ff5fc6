/**
 * FlowStore's contract (src/flow/flow-store.ts) on every database and on the in-memory fake: step
 * secrets are found by hash, every transition is a compare-and-set that exactly one caller wins,
 * and remembered consents are found newest first.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FlowData } from '../../src/flow/flow-model.js';
import type { FlowRecord } from '../../src/flow/flow-store.js';
import { describeOnEachStore } from './store-implementations.js';

function flowRecord(clientId: string, extra: Partial<FlowRecord> = {}): FlowRecord {
  const now = Date.now();
  const data: FlowData = {
    request: {
      clientId,
      redirectUri: 'https://rp.example/cb',
      redirectUriSent: true,
      responseType: 'code',
      state: 'state-1',
      scope: ['openid'],
      audience: [],
      prompt: [],
      acrValues: [],
      uiLocales: [],
      requestUrl: 'https://op.example/oauth2/auth?client_id=' + clientId,
    },
    loginChallenge: 'login-challenge',
    loginCsrf: 'csrf',
    loginSessionId: randomUUID(),
    skip: false,
    consentRequestId: randomUUID(),
  };
  return { id: randomUUID(), state: 'login_initialized', clientId, requestedAt: now, expiresAt: now + 600_000, data, ...extra };
}

const hash = (label: string) => `${label}-${randomUUID()}`;

describeOnEachStore('FlowStore contract', (impl) => {
  it('finds a flow by the hash of its login challenge, with its data as stored', async () => {
    const { flows } = impl().stores;
    await impl().addClient('flow-client');
    const record = flowRecord('flow-client');
    const challenge = hash('lc');
    await flows.create(record, challenge);
    assert.deepEqual(await flows.findBy('login_challenge', challenge), record);
    assert.equal(await flows.findBy('login_challenge', hash('lc')), undefined);
    assert.equal(await flows.findBy('login_verifier', challenge), undefined, 'a hash names one step only');
  });

  it('moves a flow for exactly one of concurrent transitions, and issues the step secret', async () => {
    const { flows } = impl().stores;
    await impl().addClient('flow-client-2');
    const record = flowRecord('flow-client-2');
    await flows.create(record, hash('lc'));
    const verifiers = [hash('lv'), hash('lv'), hash('lv')];
    const data = { ...record.data, login: { subject: 'alice', remember: false, remember_for: 0, acr: '0', amr: [], context: {}, force_subject_identifier: '', authenticated_at: 1 } };
    const expiresAt = record.expiresAt + 1;
    const outcomes = await Promise.all(
      verifiers.map((verifier) => flows.transition(record.id, 'acceptLogin', { data, expiresAt, issue: { column: 'login_verifier', hash: verifier }, subject: 'alice' })),
    );
    assert.equal(outcomes.filter(Boolean).length, 1);
    const winner = verifiers[outcomes.indexOf(true)]!;
    assert.deepEqual(await flows.findBy('login_verifier', winner), { ...record, state: 'login_accepted', data, expiresAt });
    for (const loser of verifiers.filter((verifier) => verifier !== winner)) assert.equal(await flows.findBy('login_verifier', loser), undefined);
  });

  it('refuses a transition from any other state, changing nothing', async () => {
    const { flows } = impl().stores;
    await impl().addClient('flow-client-3');
    const record = flowRecord('flow-client-3');
    const challenge = hash('lc');
    await flows.create(record, challenge);
    const changed = { data: { ...record.data, skip: true }, expiresAt: 1 };
    assert.equal(await flows.transition(record.id, 'useConsent', changed), false);
    assert.equal(await flows.transition(randomUUID(), 'acceptLogin', changed), false, 'an unknown flow');
    assert.deepEqual(await flows.findBy('login_challenge', challenge), record);
  });

  it('writes the consent-session entry with the step, and a second accept is refused', async () => {
    const { flows } = impl().stores;
    await impl().addClient('flow-client-4');
    const record = flowRecord('flow-client-4', { state: 'consent_initialized' });
    await flows.create(record, hash('lc'));
    const entry = { flow_id: record.id, consent_request_id: record.data.consentRequestId, login_session_id: record.data.loginSessionId, consent_skip: 0, consent_expires_at: null };
    const change = { data: record.data, expiresAt: record.expiresAt, issue: { column: 'consent_verifier' as const, hash: hash('cv') }, consentSession: entry };
    assert.equal(await flows.transition(record.id, 'acceptConsent', change), true);
    assert.equal(await flows.transition(record.id, 'acceptConsent', { ...change, issue: { column: 'consent_verifier', hash: hash('cv') } }), false);
    assert.equal((await flows.findBy('consent_verifier', change.issue.hash))?.state, 'consent_accepted');
  });

  it("finds used, remembered consents of one subject and client, newest first, up to the limit", async () => {
    const { flows } = impl().stores;
    await impl().addClient('flow-client-5');
    const subject = `subject-${randomUUID()}`;
    const base = Date.now();
    const made: FlowRecord[] = [];
    for (const [offset, remember, use] of [[1, true, true], [3, true, true], [2, true, true], [4, false, true], [5, true, false]] as const) {
      const record = flowRecord('flow-client-5', { state: 'consent_accepted', requestedAt: base + offset });
      await flows.create(record, hash('lc'));
      if (use) assert.equal(await flows.transition(record.id, 'useConsent', { data: record.data, expiresAt: record.expiresAt, subject, consentRemember: remember }), true);
      made.push({ ...record, state: use ? 'consent_used' : 'consent_accepted' });
    }
    const found = await flows.rememberedConsents(subject, 'flow-client-5', 2);
    assert.deepEqual(found.map((flow) => flow.requestedAt), [base + 3, base + 2]);
    assert.deepEqual(found[0], made[1]);
    assert.deepEqual(await flows.rememberedConsents(subject, 'another-client'), []);
  });
});
