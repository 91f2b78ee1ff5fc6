/**
 * Leg 5 of the flow (GET /oauth2/auth?consent_verifier=…) as protocol code over the in-memory
 * stores (test/support/memory-protocol.ts): the verifier's use, the code and the front-channel
 * access token are written in one transaction (issue-response.ts). A store that fails inside it
 * leaves the verifier usable and nothing written; two uses of one verifier at once issue one
 * answer. The same invariant on real databases, with the failure raised by the database itself,
 * is consent-use-atomic.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TransactionStores, UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { MemoryAccessTokenStore } from '../support/memory-stores/memory-access-token-store.js';
import { MemoryCodeStore } from '../support/memory-stores/memory-code-store.js';
import { MemoryUnitOfWork } from '../support/memory-stores/memory-unit-of-work.js';
import { MemoryBrowser, REDIRECT, consentVerifierUrl, memoryProtocol, param } from '../support/memory-protocol.js';

const outage = () => new Error('the store is unavailable');

/** The in-memory stores, but refusing every insert (the memory unit of work's stores all share its tables). */
class RefusingCodeStore extends MemoryCodeStore {
  override async create(): Promise<void> {
    throw outage();
  }
}
class RefusingAccessTokenStore extends MemoryAccessTokenStore {
  override async create(): Promise<void> {
    throw outage();
  }
}

/** The in-memory unit of work, whose code or access-token store refuses every insert while `down` names it. */
class FailingUnitOfWork implements UnitOfWork {
  down: 'codes' | 'accessTokens' | undefined;

  constructor(private readonly memory: MemoryUnitOfWork) {}

  transaction<T>(work: (tx: TransactionStores) => Promise<T>): Promise<T> {
    return this.memory.transaction((tx) => work(this.failing(tx)));
  }

  private failing(tx: TransactionStores): TransactionStores {
    if (this.down === 'codes') return { ...tx, codes: new RefusingCodeStore(this.memory.tables) };
    if (this.down === 'accessTokens') return { ...tx, accessTokens: new RefusingAccessTokenStore(this.memory.tables) };
    return tx;
  }
}

const request = (responseType: string) => ({
  client_id: 'rp',
  redirect_uri: REDIRECT,
  response_type: responseType,
  scope: 'openid photos.read',
  state: 'state-123456',
  nonce: 'nonce-123456',
});

async function setUp() {
  const memory = new MemoryUnitOfWork();
  const unitOfWork = new FailingUnitOfWork(memory);
  const protocol = await memoryProtocol({ memory, unitOfWork });
  return { tables: memory.tables, unitOfWork, protocol, browser: new MemoryBrowser(protocol.authorize) };
}

const flowStates = (tables: MemoryUnitOfWork['tables']) => [...tables.flows.values()].map((flow) => flow.record.state);

describe('leg 5 in one transaction, on the in-memory stores', () => {
  it('leaves the consent verifier unused and nothing written when the code cannot be stored; the same verifier then works once', async () => {
    const { tables, unitOfWork, protocol, browser } = await setUp();
    const verifierUrl = await consentVerifierUrl(protocol, browser, request('code'));
    unitOfWork.down = 'codes';
    await assert.rejects(browser.visit(verifierUrl), /the store is unavailable/);
    assert.deepEqual(flowStates(tables), ['consent_accepted'], 'the verifier is not burnt');
    assert.equal(tables.codes.size, 0);
    unitOfWork.down = undefined;
    const answer = await browser.visit(verifierUrl);
    assert.ok(param(answer, 'code'), answer);
    assert.deepEqual(flowStates(tables), ['consent_used']);
    assert.equal(tables.codes.size, 1);
    assert.equal(param(await browser.visit(verifierUrl), 'error'), 'access_denied', 'single use still holds');
    assert.equal(tables.codes.size, 1);
  });

  it('rolls the code back with the flow step when the front-channel access token cannot be stored (hybrid)', async () => {
    const { tables, unitOfWork, protocol, browser } = await setUp();
    const verifierUrl = await consentVerifierUrl(protocol, browser, request('code id_token token'));
    unitOfWork.down = 'accessTokens';
    await assert.rejects(browser.visit(verifierUrl), /the store is unavailable/);
    assert.deepEqual(flowStates(tables), ['consent_accepted']);
    assert.deepEqual([tables.codes.size, tables.accessTokens.size], [0, 0], 'the code written before the failure is gone');
    unitOfWork.down = undefined;
    const answer = await browser.visit(verifierUrl);
    for (const name of ['code', 'access_token', 'id_token']) assert.ok(param(answer, name), `${name} in ${answer}`);
    assert.deepEqual([tables.codes.size, tables.accessTokens.size], [1, 1]);
  });

  it('answers two uses of one verifier at once with one code and one access_denied', async () => {
    const { tables, protocol, browser } = await setUp();
    const verifierUrl = await consentVerifierUrl(protocol, browser, request('code token'));
    const answers = await Promise.all([browser.visit(verifierUrl), browser.visit(verifierUrl)]);
    assert.deepEqual(answers.map((answer) => (param(answer, 'code') ? 'code' : param(answer, 'error'))).sort(), ['access_denied', 'code']);
    // Both found the verifier unused: the loser was refused by the step's compare-and-set, in its transaction.
    assert.ok(answers.some((answer) => param(answer, 'error_hint') === 'The consent verifier has already been used.'));
    assert.deepEqual([tables.codes.size, tables.accessTokens.size], [1, 1], 'the loser minted, and stored nothing');
  });

  it('keeps an implicit response to the access token alone: no code is minted or stored', async () => {
    const { tables, protocol, browser } = await setUp();
    const answer = await browser.visit(await consentVerifierUrl(protocol, browser, request('id_token token')));
    assert.equal(param(answer, 'code'), null);
    assert.ok(param(answer, 'access_token'));
    assert.deepEqual([tables.codes.size, tables.accessTokens.size], [0, 1]);
  });
});
