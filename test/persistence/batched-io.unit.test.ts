/**
 * The batched writer and reader bound the statements in flight (two), and every caller settles:
 * rows that arrive while both slots are taken leave together in the next batch, and a key
 * already being read is read again for a later caller, never answered from the older read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchedWriter } from '../../src/persistence/batched-writer.js';
import { BatchedReader } from '../../src/persistence/batched-reader.js';

/** A statement that completes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedWriter', () => {
  it('keeps at most two batches in flight and sends what arrived meanwhile as one batch', async () => {
    const batches: number[][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    let inFlight = 0;
    let most = 0;
    const writer = new BatchedWriter<number>(async (rows) => {
      batches.push(rows);
      inFlight += 1;
      most = Math.max(most, inFlight);
      const g = gate();
      gates.push(g);
      await g.opened;
      inFlight -= 1;
    });
    const written: Promise<void>[] = [writer.write(1)];
    await turn();
    written.push(writer.write(2));
    await turn();
    for (const row of [3, 4, 5]) written.push(writer.write(row));
    await turn();
    await turn();
    assert.deepEqual(batches, [[1], [2]], 'rows 3 to 5 wait for a free slot');
    gates[0]!.open();
    await written[0];
    await turn();
    await turn();
    assert.deepEqual(batches, [[1], [2], [3, 4, 5]]);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(written);
    assert.equal(most, 2);
  });

  it('fails only the callers of a failed batch, and keeps writing afterwards', async () => {
    let calls = 0;
    const writer = new BatchedWriter<number>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('refused');
    });
    await assert.rejects(writer.write(1), /refused/);
    await writer.write(2);
  });
});

describe('BatchedReader', () => {
  it('keeps at most two reads in flight and reads a key in flight again for a later caller', async () => {
    const reads: string[][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    let version = 0;
    const reader = new BatchedReader<string, number>(async (keys) => {
      reads.push(keys);
      const g = gate();
      gates.push(g);
      const seen = version;
      await g.opened;
      return new Map(keys.map((key) => [key, seen]));
    });
    const first = reader.read('a');
    await turn();
    version = 1;
    const second = reader.read('b');
    await turn();
    const third = reader.read('a');
    const fourth = reader.read('c');
    await turn();
    assert.deepEqual(reads, [['a'], ['b']], 'the third and fourth wait for a free slot');
    gates[0]!.open();
    assert.equal(await first, 0);
    await turn();
    await turn();
    assert.deepEqual(reads, [['a'], ['b'], ['a', 'c']], "'a' is read again, after the change");
    gates[1]!.open();
    gates[2]!.open();
    assert.equal(await second, 1);
    assert.equal(await third, 1);
    assert.equal(await fourth, 1);
  });
});
