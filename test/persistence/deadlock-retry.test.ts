/**
 * The one classifier of transient database errors (persistence/deadlock-retry.ts): a rolled-back
 * deadlock victim is run again, a lock-wait timeout only under the lock-contention policy (the
 * key-generation lock), anything else fails at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEADLOCKS, LOCK_CONTENTION, isTransient, retryOnDeadlock } from '../../src/persistence/deadlock-retry.js';

const failure = (code: string) => Object.assign(new Error(code), { code });

/** Work that fails with each of `codes` in turn, then answers 'done'; counts its runs. */
function flaky(...codes: string[]) {
  const work = async () => {
    work.runs++;
    const code = codes[work.runs - 1];
    if (code) throw failure(code);
    return 'done';
  };
  work.runs = 0;
  return work;
}

describe('transient database errors', () => {
  it('classifies PostgreSQL SQLSTATEs and mysql2 codes into the two sets', () => {
    for (const code of ['40001', '40P01', 'ER_LOCK_DEADLOCK']) {
      assert.equal(isTransient(failure(code), DEADLOCKS), true, code);
      assert.equal(isTransient(failure(code), LOCK_CONTENTION), true, code);
    }
    for (const code of ['55P03', 'ER_LOCK_WAIT_TIMEOUT']) {
      assert.equal(isTransient(failure(code), DEADLOCKS), false, code);
      assert.equal(isTransient(failure(code), LOCK_CONTENTION), true, code);
    }
    for (const value of [failure('23505'), failure('ER_DUP_ENTRY'), new Error('x'), undefined, null, 'text']) {
      assert.equal(isTransient(value, LOCK_CONTENTION), false, String(value));
    }
  });

  it('runs a deadlock victim again, at most four times in all by default', async () => {
    const twice = flaky('40P01', 'ER_LOCK_DEADLOCK');
    assert.equal(await retryOnDeadlock(twice), 'done');
    assert.equal(twice.runs, 3);
    const always = flaky('40001', '40001', '40001', '40001', '40001');
    await assert.rejects(retryOnDeadlock(always), { code: '40001' });
    assert.equal(always.runs, 4);
  });

  it('does not retry a lock-wait timeout or any other error under the deadlock policy', async () => {
    for (const code of ['ER_LOCK_WAIT_TIMEOUT', '55P03', '23505']) {
      const work = flaky(code);
      await assert.rejects(retryOnDeadlock(work), { code });
      assert.equal(work.runs, 1, code);
    }
  });

  it('retries a lock-wait timeout under a lock-contention policy', async () => {
    const work = flaky('ER_LOCK_WAIT_TIMEOUT', '55P03');
    assert.equal(await retryOnDeadlock(work, { codes: LOCK_CONTENTION, attempts: 5, stepMs: 1, jitterMs: 1 }), 'done');
    assert.equal(work.runs, 3);
  });
});
