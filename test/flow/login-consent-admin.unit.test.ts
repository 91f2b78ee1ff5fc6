/**
 * The login/consent app's answers as flow transitions over the in-memory stores
 * (test/support/memory-protocol.ts): a challenge is answered once, even by two answers at once,
 * and the loser leaves nothing behind (no verifier, no consent-session entry). misuse.test.ts
 * checks the sequential case over HTTP on every database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isOAuthError } from '../../src/core/errors.js';
import { MemoryBrowser, REDIRECT, authorizeUrl, memoryProtocol, param, type MemoryProtocol } from '../support/memory-protocol.js';

const alreadyHandled = (error: unknown) => isOAuthError(error) && error.statusCode === 409;

/** A flow waiting for the consent app's answer; returns the consent challenge. */
async function awaitingConsent(protocol: MemoryProtocol, browser: MemoryBrowser): Promise<string> {
  const start = authorizeUrl({ client_id: 'rp', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'state-123456' });
  const loginChallenge = param(await browser.visit(start), 'login_challenge')!;
  const login = await protocol.admin.acceptLogin(loginChallenge, { subject: 'alice' });
  return param(await browser.visit(login.redirect_to), 'consent_challenge')!;
}

describe('answering a challenge, on the in-memory stores', () => {
  it('takes one of two answers given at once to a consent challenge; the other is refused (409) and writes nothing', async () => {
    const protocol = await memoryProtocol();
    const browser = new MemoryBrowser(protocol.authorize);
    const challenge = await awaitingConsent(protocol, browser);
    const answers = await Promise.allSettled([
      protocol.admin.acceptConsent(challenge, { grant_scope: ['openid'], remember: true }),
      protocol.admin.rejectConsent(challenge, { error: 'access_denied' }),
    ]);
    const [accepted, rejected] = answers;
    const won = accepted!.status === 'fulfilled' ? accepted! : rejected!;
    const lost = won === accepted ? rejected! : accepted!;
    assert.equal(won.status, 'fulfilled');
    assert.ok(lost.status === 'rejected' && alreadyHandled(lost.reason), 'the other answer is a conflict');
    // Whichever won decides the flow alone: the loser left no consent-session entry and no verifier.
    const acceptWon = won === accepted;
    assert.equal(protocol.memory.tables.consentSessions.size, acceptWon ? 1 : 0);
    const answer = await browser.visit(won.value.redirect_to);
    assert.ok(acceptWon ? param(answer, 'code') : param(answer, 'error') === 'access_denied', answer);
  });

  it('refuses to accept a login challenge that was rejected, and the browser is told of the rejection', async () => {
    const protocol = await memoryProtocol();
    const browser = new MemoryBrowser(protocol.authorize);
    const start = authorizeUrl({ client_id: 'rp', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'state-123456' });
    const challenge = param(await browser.visit(start), 'login_challenge')!;
    const rejected = await protocol.admin.rejectLogin(challenge, { error: 'login_required', error_description: 'No.' });
    await assert.rejects(protocol.admin.acceptLogin(challenge, { subject: 'mallory' }), alreadyHandled);
    const answer = await browser.visit(rejected.redirect_to);
    assert.equal(param(answer, 'error'), 'login_required');
    assert.equal(param(answer, 'state'), 'state-123456');
  });
});
