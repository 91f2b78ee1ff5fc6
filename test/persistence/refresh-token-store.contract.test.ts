/**
 * RefreshTokenStore's contract (src/oauth2/refresh/refresh-token-store.ts) on every database and
 * on the in-memory fake: a claim is a compare-and-set that one caller wins, a grace period lets a
 * rotated token be claimed again within its limits, and revocation is for good.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeOnEachStore } from './store-implementations.js';
import { accessRecord, refreshRecord } from './records.js';

const strict = { periodMs: 0, reuseCount: 0 };

describeOnEachStore('RefreshTokenStore contract', (impl) => {
  it('reads a token back as stored, a never-expiring one included', async () => {
    const { refreshTokens } = impl().stores;
    await impl().addClient('rt-client');
    const record = refreshRecord('rt-client', randomUUID(), { accessTokenKey: 'at-1' });
    const forever = refreshRecord('rt-client', randomUUID(), { expiresAt: null });
    await refreshTokens.create(record);
    await refreshTokens.create(forever);
    assert.deepEqual(await refreshTokens.get(record.key), record);
    assert.deepEqual(await refreshTokens.get(forever.key), forever);
    assert.equal(await refreshTokens.get('rt-unknown'), undefined);
  });

  it('is claimed by exactly one of concurrent claims without a grace period, and marked rotated', async () => {
    const { refreshTokens } = impl().stores;
    await impl().addClient('rt-client-2');
    const record = refreshRecord('rt-client-2', randomUUID());
    await refreshTokens.create(record);
    const now = Date.now();
    const claim = { now, grace: strict, keepUntil: now + 1_800_000 };
    const outcomes = await Promise.all([refreshTokens.claim(record.key, claim), refreshTokens.claim(record.key, claim)]);
    assert.equal(outcomes.filter(Boolean).length, 1);
    const rotated = await refreshTokens.get(record.key);
    assert.deepEqual(
      { active: rotated?.active, revoked: rotated?.revoked, firstUsedAt: rotated?.firstUsedAt, usedTimes: rotated?.usedTimes, expiresAt: rotated?.expiresAt },
      { active: false, revoked: false, firstUsedAt: now, usedTimes: 1, expiresAt: now + 1_800_000 },
    );
    assert.equal(await refreshTokens.claim('rt-never-issued', claim), false);
  });

  it('lets a rotated token be claimed again inside the grace period, up to the reuse count, keeping first use', async () => {
    const { refreshTokens } = impl().stores;
    await impl().addClient('rt-client-3');
    const record = refreshRecord('rt-client-3', randomUUID());
    await refreshTokens.create(record);
    const grace = { periodMs: 60_000, reuseCount: 2 };
    const first = Date.now();
    assert.equal(await refreshTokens.claim(record.key, { now: first, grace, keepUntil: first + 1 }), true);
    assert.equal(await refreshTokens.claim(record.key, { now: first + 1_000, grace, keepUntil: first + 2 }), true);
    const reused = await refreshTokens.get(record.key);
    assert.equal(reused?.firstUsedAt, first, 'a reuse never moves the start of the grace period');
    assert.equal(reused?.usedTimes, 2);
    assert.equal(await refreshTokens.claim(record.key, { now: first + 2_000, grace, keepUntil: first + 3 }), false, 'the reuse count is spent');
    const late = refreshRecord('rt-client-3', randomUUID());
    await refreshTokens.create(late);
    assert.equal(await refreshTokens.claim(late.key, { now: first, grace, keepUntil: first + 1 }), true);
    assert.equal(await refreshTokens.claim(late.key, { now: first + 60_000, grace, keepUntil: first + 1 }), false, 'the period is over');
  });

  it('revokes a chain for good: every refresh token of the grant, rotated ones too, and its access tokens', async () => {
    const { refreshTokens, accessTokens } = impl().stores;
    await impl().addClient('rt-client-4');
    const grant = randomUUID();
    const rotated = refreshRecord('rt-client-4', grant);
    const current = refreshRecord('rt-client-4', grant);
    const otherGrant = refreshRecord('rt-client-4', randomUUID());
    const access = accessRecord('rt-client-4', grant);
    for (const record of [rotated, current, otherGrant]) await refreshTokens.create(record);
    await accessTokens.create(access);
    const now = Date.now();
    const grace = { periodMs: 60_000, reuseCount: 0 };
    await refreshTokens.claim(rotated.key, { now, grace, keepUntil: now + 1 });
    await refreshTokens.revokeChain(grant);
    for (const key of [rotated.key, current.key]) {
      const record = await refreshTokens.get(key);
      assert.deepEqual({ active: record?.active, revoked: record?.revoked }, { active: false, revoked: true });
    }
    assert.equal(await refreshTokens.claim(rotated.key, { now: now + 1, grace, keepUntil: now + 2 }), false, 'no grace period brings a revoked token back');
    assert.equal((await accessTokens.get(access.signature))?.active, false);
    assert.equal((await refreshTokens.get(otherGrant.key))?.active, true);
  });

  it('revokes the still-active tokens of a grant, leaving rotated ones rotated', async () => {
    const { refreshTokens } = impl().stores;
    await impl().addClient('rt-client-5');
    const grant = randomUUID();
    const rotated = refreshRecord('rt-client-5', grant);
    const active = refreshRecord('rt-client-5', grant);
    await refreshTokens.create(rotated);
    await refreshTokens.create(active);
    const now = Date.now();
    await refreshTokens.claim(rotated.key, { now, grace: strict, keepUntil: now + 1 });
    await refreshTokens.revokeActiveOfGrant(grant);
    const stillRotated = await refreshTokens.get(rotated.key);
    assert.deepEqual({ active: stillRotated?.active, revoked: stillRotated?.revoked }, { active: false, revoked: false });
    assert.equal((await refreshTokens.get(active.key))?.revoked, true);
  });
});
