/**
 * UnitOfWork's contract (src/persistence/unit-of-work.ts) on every database and on the in-memory
 * fake: what a transaction's stores write commits together when the work resolves and vanishes
 * together when it throws; of two transactions racing for one code, the loser sees all the
 * winner wrote.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeOnEachStore } from './store-implementations.js';
import { accessRecord, codeRecord, refreshRecord } from './records.js';

describeOnEachStore('UnitOfWork contract', (impl) => {
  it('commits every store write of the work together', async () => {
    const { unitOfWork, stores } = impl();
    await impl().addClient('uow-client');
    const code = codeRecord('uow-client');
    await stores.codes.create('uow-code', code);
    const access = accessRecord('uow-client', code.requestId);
    const refresh = refreshRecord('uow-client', code.requestId, { accessTokenKey: access.signature });
    const done = await unitOfWork.transaction(async (tx) => {
      assert.equal(await tx.codes.consume('uow-code'), true);
      await tx.accessTokens.create(access);
      await tx.refreshTokens.create(refresh);
      assert.deepEqual(await tx.accessTokens.get(access.signature), access, 'the transaction reads its own writes');
      return 'done';
    });
    assert.equal(done, 'done');
    assert.equal((await stores.codes.get('uow-code'))?.active, false);
    assert.deepEqual(await stores.accessTokens.get(access.signature), access);
    assert.deepEqual(await stores.refreshTokens.get(refresh.key), refresh);
  });

  it('rolls every store write back when the work throws, and rethrows', async () => {
    const { unitOfWork, stores } = impl();
    await impl().addClient('uow-client-2');
    const code = codeRecord('uow-client-2');
    await stores.codes.create('uow-code-2', code);
    const access = accessRecord('uow-client-2', code.requestId);
    const refresh = refreshRecord('uow-client-2', code.requestId);
    await assert.rejects(
      unitOfWork.transaction(async (tx) => {
        await tx.codes.consume('uow-code-2');
        await tx.accessTokens.create(access);
        await tx.refreshTokens.create(refresh);
        throw new Error('the response could not be given');
      }),
      /could not be given/,
    );
    assert.equal((await stores.codes.get('uow-code-2'))?.active, true, 'the code is usable again');
    assert.equal(await stores.accessTokens.get(access.signature), undefined);
    assert.equal(await stores.refreshTokens.get(refresh.key), undefined);
  });

  it('lets one of two racing transactions consume a code; the loser then sees the winner’s tokens', async () => {
    const { unitOfWork, stores } = impl();
    await impl().addClient('uow-client-3');
    const code = codeRecord('uow-client-3');
    await stores.codes.create('uow-code-3', code);
    const redeem = () =>
      unitOfWork.transaction(async (tx) => {
        if (!(await tx.codes.consume('uow-code-3'))) return { won: false, seen: await tx.accessTokens.get(winnerToken.signature) };
        await tx.accessTokens.create(winnerToken);
        return { won: true, seen: undefined };
      });
    const winnerToken = accessRecord('uow-client-3', code.requestId, { signature: `at-${randomUUID()}` });
    const [first, second] = await Promise.all([redeem(), redeem()]);
    assert.equal([first, second].filter((outcome) => outcome.won).length, 1);
    const loser = first.won ? second : first;
    assert.deepEqual(loser.seen, winnerToken);
  });
});
