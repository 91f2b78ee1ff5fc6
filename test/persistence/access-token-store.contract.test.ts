/**
 * AccessTokenStore's contract (src/oauth2/tokens/access-token-store.ts) on every database and on
 * the in-memory fake: a created token reads back as stored once create resolves, revocation only
 * deactivates (one token, or every token of one grant), and a client's tokens can be deleted.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeOnEachStore } from './store-implementations.js';
import { accessRecord } from './records.js';

describeOnEachStore('AccessTokenStore contract', (impl) => {
  it('reads a token back as stored once create resolves, concurrent creates included', async () => {
    const { accessTokens } = impl().stores;
    await impl().addClient('at-client');
    const records = [1, 2, 3].map(() => accessRecord('at-client', randomUUID()));
    await Promise.all(records.map((record) => accessTokens.create(record)));
    for (const record of records) assert.deepEqual(await accessTokens.get(record.signature), record);
    assert.equal(await accessTokens.get('at-unknown'), undefined);
  });

  it('revokes one token: it stays readable, inactive; an unknown token is answered false', async () => {
    const { accessTokens } = impl().stores;
    await impl().addClient('at-client-2');
    const record = accessRecord('at-client-2', randomUUID());
    await accessTokens.create(record);
    assert.equal(await accessTokens.revoke(record.signature), true);
    assert.equal((await accessTokens.get(record.signature))?.active, false);
    assert.equal(await accessTokens.revoke(record.signature), true, 'revoking twice still finds the token');
    assert.equal(await accessTokens.revoke('at-never-issued'), false);
  });

  it('revokes every token of one grant by request id, and no other', async () => {
    const { accessTokens } = impl().stores;
    await impl().addClient('at-client-3');
    const grant = randomUUID();
    const mine = [accessRecord('at-client-3', grant), accessRecord('at-client-3', grant)];
    const other = accessRecord('at-client-3', randomUUID());
    for (const record of [...mine, other]) await accessTokens.create(record);
    await accessTokens.revokeByRequestId(grant);
    for (const record of mine) assert.equal((await accessTokens.get(record.signature))?.active, false);
    assert.equal((await accessTokens.get(other.signature))?.active, true);
  });

  it("deletes a client's tokens and says how many", async () => {
    const { accessTokens } = impl().stores;
    await impl().addClient('at-client-4');
    await impl().addClient('at-client-5');
    const gone = [accessRecord('at-client-4', randomUUID()), accessRecord('at-client-4', randomUUID())];
    const kept = accessRecord('at-client-5', randomUUID());
    for (const record of [...gone, kept]) await accessTokens.create(record);
    assert.equal(await accessTokens.deleteByClient('at-client-4'), 2);
    assert.equal(await accessTokens.get(gone[0]!.signature), undefined);
    assert.deepEqual(await accessTokens.get(kept.signature), kept);
  });
});
