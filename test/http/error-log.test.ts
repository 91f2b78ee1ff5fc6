/**
 * What an error contributes to a log line: type, code, message and stack, never the statement,
 * bound values or request a driver or HTTP client attached to it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { serializeError } from '../../src/http/logging/error-log.js';
import { createLogger } from '../../src/http/logging/logger.js';

describe('error log lines', () => {
  it('drop the fields drivers attach to their errors', () => {
    const error = Object.assign(new Error('Duplicate entry for key PRIMARY'), {
      code: 'ER_DUP_ENTRY',
      sql: "INSERT INTO hydra_client VALUES ('c1', 'secret-hash-value')",
      parameters: ['ory_at_leaked.signature'],
      detail: 'Key (signature)=(leaked) already exists.',
      config: { headers: { Authorization: 'Basic c2VjcmV0' } },
    });
    const logged = serializeError(error);
    assert.deepEqual(Object.keys(logged).sort(), ['code', 'message', 'stack', 'type']);
    assert.equal(logged.type, 'Error');
    assert.equal(logged.code, 'ER_DUP_ENTRY');
  });

  it('are what the process logger writes for `err`', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString()); done(); } });
    const error = Object.assign(new TypeError('boom'), { parameters: ['ory_rt_leaked.sig'] });
    createLogger('info', 'json', sink).error({ err: error }, 'request failed');
    const record = JSON.parse(lines.join(''));
    assert.equal(record.err.type, 'TypeError');
    assert.equal(record.err.message, 'boom');
    assert.ok(!lines.join('').includes('ory_rt_leaked'));
  });
});
