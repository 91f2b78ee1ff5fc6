/**
 * Code redemption and refresh rotation as protocol code, against the in-memory stores
 * (test/support/memory-stores/, held to the same contracts as the SQL ones by
 * test/persistence/*.contract.test.ts): no HTTP, no database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CodeRedemption } from '../../src/oauth2/code/code-redemption.js';
import { rotate, USED_RETENTION_MS, withinGrace } from '../../src/oauth2/refresh/refresh-rotation.js';
import { MemoryUnitOfWork } from '../support/memory-stores/memory-unit-of-work.js';
import { accessRecord, codeRecord, refreshRecord } from '../persistence/records.js';

describe('code redemption against in-memory stores', () => {
  it('uses the code up and stores its access and refresh tokens together', async () => {
    const unitOfWork = new MemoryUnitOfWork();
    const { codes, accessTokens, refreshTokens } = unitOfWork.stores();
    const code = codeRecord('rp');
    await codes.create('code-1', code);
    const access = accessRecord('rp', code.requestId);
    const refresh = refreshRecord('rp', code.requestId, { accessTokenKey: access.signature });
    assert.equal(await new CodeRedemption(unitOfWork).redeem('code-1', { access, refresh }), true);
    assert.equal((await codes.get('code-1'))?.active, false);
    assert.deepEqual(await accessTokens.get(access.signature), access);
    assert.deepEqual(await refreshTokens.get(refresh.key), refresh);
  });

  it('redeems a code once: a second redemption, even concurrent, writes nothing', async () => {
    const unitOfWork = new MemoryUnitOfWork();
    const code = codeRecord('rp');
    await unitOfWork.stores().codes.create('code-2', code);
    const redemption = new CodeRedemption(unitOfWork);
    const tokens = [accessRecord('rp', code.requestId), accessRecord('rp', code.requestId)];
    const outcomes = await Promise.all(tokens.map((access) => redemption.redeem('code-2', { access })));
    assert.deepEqual(outcomes.sort(), [false, true]);
    const stored = await Promise.all(tokens.map((access) => unitOfWork.stores().accessTokens.get(access.signature)));
    assert.equal(stored.filter(Boolean).length, 1, 'only the winner stored its token');
  });
});

describe('refresh rotation against in-memory stores', () => {
  const strict = { periodMs: 0, reuseCount: 0 };

  it('strict: claims the token, kills every earlier token of the grant, and stores the successors', async () => {
    const unitOfWork = new MemoryUnitOfWork();
    const { accessTokens, refreshTokens } = unitOfWork.stores();
    const grant = randomUUID();
    const oldAccess = accessRecord('rp', grant);
    const old = refreshRecord('rp', grant, { accessTokenKey: oldAccess.signature });
    const sibling = refreshRecord('rp', grant);
    await accessTokens.create(oldAccess);
    await refreshTokens.create(old);
    await refreshTokens.create(sibling);
    const next = { access: accessRecord('rp', grant), refresh: refreshRecord('rp', grant) };
    const now = Date.now();
    assert.equal(await rotate(unitOfWork, old, next, strict, now), true);
    const rotated = await refreshTokens.get(old.key);
    assert.deepEqual({ active: rotated?.active, revoked: rotated?.revoked, expiresAt: rotated?.expiresAt }, { active: false, revoked: false, expiresAt: now + USED_RETENTION_MS });
    assert.equal((await refreshTokens.get(sibling.key))?.revoked, true);
    assert.equal((await accessTokens.get(oldAccess.signature))?.active, false);
    assert.deepEqual(await accessTokens.get(next.access.signature), next.access);
    assert.deepEqual(await refreshTokens.get(next.refresh.key), next.refresh);
    assert.equal(await rotate(unitOfWork, old, { access: accessRecord('rp', grant), refresh: refreshRecord('rp', grant) }, strict, now), false, 'a rotated token is not rotated again');
  });

  it('graceful: a reuse inside the period rotates again and revokes only the access token issued with the used one', async () => {
    const unitOfWork = new MemoryUnitOfWork();
    const { accessTokens, refreshTokens } = unitOfWork.stores();
    const grace = { periodMs: 60_000, reuseCount: 0 };
    const grant = randomUUID();
    const oldAccess = accessRecord('rp', grant);
    const old = refreshRecord('rp', grant, { accessTokenKey: oldAccess.signature });
    await accessTokens.create(oldAccess);
    await refreshTokens.create(old);
    const now = Date.now();
    const first = { access: accessRecord('rp', grant), refresh: refreshRecord('rp', grant) };
    assert.equal(await rotate(unitOfWork, old, first, grace, now), true);
    const used = (await refreshTokens.get(old.key))!;
    assert.equal(withinGrace(used, grace, now + 1_000), true);
    const second = { access: accessRecord('rp', grant), refresh: refreshRecord('rp', grant) };
    assert.equal(await rotate(unitOfWork, used, second, grace, now + 1_000), true);
    assert.equal((await accessTokens.get(oldAccess.signature))?.active, false);
    assert.equal((await accessTokens.get(first.access.signature))?.active, true, 'both parallel winners keep working tokens');
    assert.equal((await refreshTokens.get(first.refresh.key))?.active, true);
    assert.equal((await refreshTokens.get(old.key))?.usedTimes, 2);
  });

  it('writes nothing when the work fails half-way', async () => {
    const unitOfWork = new MemoryUnitOfWork();
    const { refreshTokens } = unitOfWork.stores();
    const grant = randomUUID();
    const old = refreshRecord('rp', grant);
    await refreshTokens.create(old);
    const clash = refreshRecord('rp', grant);
    await refreshTokens.create(clash);
    // The successor's key is taken: its insert fails after the claim, and the claim is undone.
    await assert.rejects(rotate(unitOfWork, old, { access: accessRecord('rp', grant), refresh: { ...clash, revoked: false } }, strict, Date.now()));
    assert.equal((await refreshTokens.get(old.key))?.active, true);
  });
});
