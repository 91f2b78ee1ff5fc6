/**
 * CodeStore's contract (src/oauth2/code/code-store.ts) on every database and on the in-memory
 * fake: a code is consumed exactly once however many race, a replay kills it for good, and its
 * session comes back as stored.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEachStore } from './store-implementations.js';
import { codeRecord } from './records.js';

describeOnEachStore('CodeStore contract', (impl) => {
  it('answers the code as stored, unused, and nothing for an unknown key', async () => {
    const { codes } = impl().stores;
    await impl().addClient('code-client');
    const record = codeRecord('code-client');
    await codes.create('code-round-trip', record);
    assert.deepEqual(await codes.get('code-round-trip'), record);
    assert.equal(await codes.get('code-unknown'), undefined);
  });

  it('is consumed by exactly one of several concurrent redemptions, and stays used', async () => {
    const { codes } = impl().stores;
    await impl().addClient('code-client-2');
    await codes.create('code-race', codeRecord('code-client-2'));
    const outcomes = await Promise.all([codes.consume('code-race'), codes.consume('code-race'), codes.consume('code-race')]);
    assert.deepEqual(outcomes.filter(Boolean).length, 1);
    const used = await codes.get('code-race');
    assert.equal(used?.active, false);
    assert.equal(used?.replayed, false);
    assert.equal(await codes.consume('code-race'), false);
    assert.equal(await codes.consume('code-never-issued'), false);
  });

  it('marks a replay for good: the code reads replayed and can never be consumed', async () => {
    const { codes } = impl().stores;
    await impl().addClient('code-client-3');
    await codes.create('code-replayed', codeRecord('code-client-3'));
    await codes.consume('code-replayed');
    await codes.markReplayed('code-replayed');
    const replayed = await codes.get('code-replayed');
    assert.equal(replayed?.active, false);
    assert.equal(replayed?.replayed, true);
    await codes.create('code-replayed-unused', codeRecord('code-client-3'));
    await codes.markReplayed('code-replayed-unused');
    assert.equal(await codes.consume('code-replayed-unused'), false);
  });
});
