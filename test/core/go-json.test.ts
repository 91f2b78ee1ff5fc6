/** core/go-json.ts against the rules of Go's encoding/json (decode.go, fold.go). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GoStruct, GoTypeError, decodeGoStruct } from '../../src/core/go-json.js';
import { jsonNestsDeeperThan } from '../../src/http/body/json-depth.js';

const SHAPE = new GoStruct({ name: 'string', on: 'bool', count: 'int', list: 'strings', map: 'object', any: 'raw', inner: new GoStruct({ skey: 'string' }) });

describe('Go-style decoding of admin bodies', () => {
  it('null is the zero value: reference kinds cleared, scalars untouched', () => {
    assert.deepEqual(decodeGoStruct({ name: 'a', list: ['x'], map: { a: 1 } }, SHAPE), { name: 'a', list: ['x'], map: { a: 1 } });
    assert.deepEqual(decodeGoStruct(JSON.parse('{"name":"a","NAME":null,"list":["x"],"LIST":null}'), SHAPE), { name: 'a' });
    assert.deepEqual(decodeGoStruct(null, SHAPE), {});
    assert.deepEqual(decodeGoStruct({ inner: null, any: null, on: null, count: null }, SHAPE), {});
  });

  it('a null element of a string slice is ""', () => {
    assert.deepEqual(decodeGoStruct({ list: [null, 'a', null] }, SHAPE), { list: ['', 'a', ''] });
  });

  it('names match exactly first, then case-insensitively with Go folding (K and ſ fold to ASCII)', () => {
    assert.deepEqual(decodeGoStruct({ NAME: 'a', On: true, COUNT: 1 }, SHAPE), { name: 'a', on: true, count: 1 });
    assert.deepEqual(decodeGoStruct({ Inner: { '\u017F\u212AEY': 'x' } }, SHAPE), { inner: { skey: 'x' } });
    assert.deepEqual(decodeGoStruct(JSON.parse('{"Name":"a","name":"b"}'), SHAPE), { name: 'b' }, 'the later key wins');
    assert.deepEqual(decodeGoStruct({ unknown: 1, namex: 'b' }, SHAPE), {});
  });

  it('unpaired surrogates become U+FFFD in strings; raw values are kept as sent', () => {
    assert.deepEqual(decodeGoStruct({ name: 'a\uD800', list: ['\uDC00b'], any: '\uD800' }, SHAPE), { name: 'a\uFFFD', list: ['\uFFFDb'], any: '\uD800' });
    assert.equal(decodeGoStruct({ name: '\u{1F600}' }, SHAPE).name, '\u{1F600}', 'a surrogate pair is left alone');
  });

  it('a wrong type names the field', () => {
    for (const [body, field] of [[{ name: 1 }, 'name'], [{ list: ['a', 2] }, 'list'], [{ count: 1.5 }, 'count'], [{ map: [] }, 'map'], [{ inner: 'x' }, 'inner'], [[], 'the body']] as const) {
      assert.throws(() => decodeGoStruct(body, SHAPE), (error: unknown) => error instanceof GoTypeError && error.field === field, JSON.stringify(body));
    }
  });
});

describe('JSON nesting bound', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    assert.equal(jsonNestsDeeperThan('[[[]]]', 3), false);
    assert.equal(jsonNestsDeeperThan('[[[[]]]]', 3), true);
    assert.equal(jsonNestsDeeperThan('{"a":{"b":[1]}}', 3), false);
    assert.equal(jsonNestsDeeperThan(`["${'[{'.repeat(100)}"]`, 3), false);
    assert.equal(jsonNestsDeeperThan(`["\\"[[[["]`, 1), false, 'an escaped quote does not end the string');
    assert.equal(jsonNestsDeeperThan(`["\\\\",[[[]]]]`, 3), true, 'an escaped backslash does');
  });
});
