/**
 * src/flow/imported-login-sessions.ts: Hydra's cookie names a session id; the imported row says
 * who and until when. The store here is an in-memory map behind the same interface as the SQL one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImportedLoginSessions, type ImportedLoginSession } from '../../src/flow/imported-login-sessions.js';
import { hydraCookieKeys } from '../../src/flow/hydra-session-cookie.js';
import { hydraSessionCookie } from '../support/hydra-fixture/sessions.js';

const SYSTEM = 'hydra-import-system-secret-0123456';
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 12);

function sessions(rows: ImportedLoginSession[], maxLifetimeMs = 720 * HOUR) {
  const store = { findRemembered: async (sid: string) => rows.find((row) => row.sid === sid) };
  return new ImportedLoginSessions(store, hydraCookieKeys({ cookie: [], system: [SYSTEM] }), 'ory_hydra_session', maxLifetimeMs);
}

const header = (sid: string) => `other=1; ory_hydra_session=${hydraSessionCookie(sid, { name: 'ory_hydra_session', systemSecret: SYSTEM })}`;

describe('imported login sessions', () => {
  const row: ImportedLoginSession = { sid: 's-1', subject: 'alice', authenticatedAt: NOW - HOUR, expiresAt: NOW + 10 * HOUR };

  it('names the remembered login of the session the cookie names, with its auth_time and issued at its login', async () => {
    assert.deepEqual(await sessions([row]).read(header('s-1'), NOW), {
      sid: 's-1',
      subject: 'alice',
      authTime: (NOW - HOUR) / 1000,
      expiresAt: NOW + 10 * HOUR,
      issuedAt: NOW - HOUR,
    });
  });

  it('nothing for an unknown session, an expired one, no cookie, or a cookie of another name', async () => {
    assert.equal(await sessions([row]).read(header('s-2'), NOW), undefined);
    assert.equal(await sessions([row]).read(header('s-1'), NOW + 10 * HOUR), undefined);
    assert.equal(await sessions([row]).read(undefined, NOW), undefined);
    assert.equal(await sessions([row]).read(header('s-1').replace('ory_hydra_session=', 'ory_hydra_session_dev='), NOW), undefined);
  });

  it('no session outlives ttl.authentication_session from its login, whatever Hydra recorded', async () => {
    const capped = sessions([row], 2 * HOUR);
    assert.equal((await capped.read(header('s-1'), NOW))?.expiresAt, NOW + HOUR);
    assert.equal(await capped.read(header('s-1'), NOW + HOUR), undefined);
  });
});
