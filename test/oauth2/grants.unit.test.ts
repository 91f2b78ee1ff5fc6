/**
 * The code and refresh grants as protocol code over the in-memory stores
 * (test/support/memory-protocol.ts), for the races the HTTP tests cannot line up: validate and
 * populate are called separately, so that both requests pass every check before either one writes.
 * Then the branch under test is the one after the transaction's compare-and-set, every time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FormParameters } from '../../src/core/form-parameters.js';
import { isOAuthError } from '../../src/core/errors.js';
import type { TokenRequest } from '../../src/oauth2/grants/grant-handler.js';
import {
  MemoryBrowser,
  REDIRECT,
  consentVerifierUrl,
  memoryClient,
  memoryProtocol,
  param,
  type MemoryProtocol,
} from '../support/memory-protocol.js';

const client = memoryClient('rp');

const tokenRequest = (params: Record<string, string>): TokenRequest => ({ params: FormParameters.from(params), client });

/** An invalid_grant whose hint matches `hint`. */
const invalidGrant = (hint: RegExp) => (error: unknown) =>
  isOAuthError(error) && error.error === 'invalid_grant' && hint.test(error.hint ?? '');

/** A code of a grant with offline access, straight from the authorization endpoint. */
async function issuedCode(protocol: MemoryProtocol): Promise<string> {
  const browser = new MemoryBrowser(protocol.authorize);
  const verifierUrl = await consentVerifierUrl(protocol, browser, {
    client_id: 'rp',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid offline',
    state: 'state-123456',
  });
  const code = param(await browser.visit(verifierUrl), 'code');
  assert.ok(code);
  return code;
}

const redemption = (code: string) => tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });

describe('the authorization_code grant on the in-memory stores', () => {
  it('treats a redemption that lost the race as a replay: it stores nothing and revokes what the winner issued', async () => {
    const protocol = await memoryProtocol();
    const { tables } = protocol.memory;
    const code = await issuedCode(protocol);
    const [first, second] = [await protocol.codeGrant.validate(redemption(code)), await protocol.codeGrant.validate(redemption(code))];
    const won = await protocol.codeGrant.populate(first);
    assert.ok(won.access_token && won.refresh_token);
    await assert.rejects(protocol.codeGrant.populate(second), invalidGrant(/already been used/));
    // RFC 6749 §4.1.2: the tokens of the code's grant are revoked; the loser's were never written.
    assert.deepEqual(
      [...tables.accessTokens.values()].map((token) => token.active),
      [false],
    );
    assert.deepEqual(
      [...tables.refreshTokens.values()].map((token) => token.revoked),
      [true],
    );
    assert.deepEqual(
      [...tables.codes.values()].map((stored) => ({ active: stored.active, replayed: stored.replayed })),
      [{ active: false, replayed: true }],
    );
  });
});

describe('the refresh_token grant on the in-memory stores', () => {
  async function refreshToken(protocol: MemoryProtocol): Promise<string> {
    const { refresh_token: token } = await protocol.codeGrant.handle(redemption(await issuedCode(protocol)));
    assert.ok(token);
    return token;
  }
  const refresh = (token: string) => tokenRequest({ grant_type: 'refresh_token', refresh_token: token });
  const liveTokens = (protocol: MemoryProtocol) => ({
    access: [...protocol.memory.tables.accessTokens.values()].filter((token) => token.active).length,
    refresh: [...protocol.memory.tables.refreshTokens.values()].filter((token) => token.active).length,
  });

  it('refuses the loser of a concurrent refresh without revoking the winner: a race is not a reuse', async () => {
    const protocol = await memoryProtocol();
    const token = await refreshToken(protocol);
    const [first, second] = [await protocol.refreshGrant.validate(refresh(token)), await protocol.refreshGrant.validate(refresh(token))];
    const won = await protocol.refreshGrant.populate(first);
    await assert.rejects(protocol.refreshGrant.populate(second), invalidGrant(/used by a concurrent request/));
    assert.deepEqual(liveTokens(protocol), { access: 1, refresh: 1 }, "the winner's pair lives; the loser wrote nothing");
    assert.ok((await protocol.refreshGrant.handle(refresh(won.refresh_token!))).access_token, "the winner's refresh token works");
  });

  it('takes a rotated token presented again as theft and revokes the whole chain (RFC 6819 §5.2.2.3)', async () => {
    const protocol = await memoryProtocol();
    const token = await refreshToken(protocol);
    const rotated = await protocol.refreshGrant.handle(refresh(token));
    assert.deepEqual(liveTokens(protocol), { access: 1, refresh: 1 });
    await assert.rejects(protocol.refreshGrant.handle(refresh(token)), invalidGrant(/re-use was detected/));
    assert.deepEqual(liveTokens(protocol), { access: 0, refresh: 0 });
    await assert.rejects(
      protocol.refreshGrant.handle(refresh(rotated.refresh_token!)),
      invalidGrant(/./),
      'the successor died with the chain',
    );
  });
});
