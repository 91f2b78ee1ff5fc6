/**
 * Token sessions: one that carries no claims is stored as its own fixed plain JSON (nothing
 * sealed, and an older reader still parses it); one with claims is sealed, opens to the same
 * session, and a tampered or foreign one still fails to open even after a good one was opened.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Aead } from '../../src/crypto/aead.js';
import { openSession, sealSession } from '../../src/oauth2/tokens/token-session.js';

const aead = new Aead(['token-session-unit-test-secret-0123456789']);

describe('token sessions', () => {
  it('stores a session without claims as plain JSON that opens to the same session', () => {
    for (const strategy of ['opaque', 'jwt'] as const) {
      const stored = sealSession(aead, true, { ext: {}, strategy });
      assert.deepEqual(JSON.parse(stored), { ext: {}, strategy }, 'an older reader parses it');
      assert.deepEqual(openSession(aead, stored), { ext: {}, strategy });
    }
  });

  it('seals a session with claims or an ID token, and opens it again (twice, the second from memory)', () => {
    const withExt = { ext: { tenant: 'acme' }, strategy: 'opaque' as const };
    const withIdToken = { ext: {}, strategy: 'jwt' as const, idToken: { claims: {}, authTime: 1, acr: '0', amr: [], sid: 's' } };
    for (const session of [withExt, withIdToken]) {
      const stored = sealSession(aead, true, session);
      assert.ok(stored.startsWith('aead:'), stored);
      assert.deepEqual(openSession(aead, stored), session);
      assert.deepEqual(openSession(aead, stored), session);
    }
  });

  it('does not open a tampered session, nor one sealed under another secret', () => {
    const stored = sealSession(aead, true, { ext: { a: 1 }, strategy: 'opaque' });
    openSession(aead, stored);
    const body = stored.slice('aead:'.length);
    const flipped = `aead:${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`;
    assert.throws(() => openSession(aead, flipped));
    assert.throws(() => openSession(new Aead(['another-secret-entirely-0123456789abcd']), stored));
  });
});
