/**
 * TrustStore's contract (src/oauth2/trust/trust-store.ts) on every database: a relationship is kept
 * as given, one issuer/subject/kid is unique (409), the list pages in id order with the issuer
 * filter, the grant's lookup finds only live relationships of the subject (or of any subject), and
 * the janitor's --grants removes expired ones only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { Jwk } from '../../src/jwk/jwk.js';
import type { TrustedIssuer } from '../../src/oauth2/trust/trusted-issuer.js';
import { OAuthError } from '../../src/core/errors.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { SqlTrustStore } from '../../src/persistence/sql/trust.js';
import { JANITOR_TARGETS, runJanitor } from '../../src/janitor/janitor.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';

const HOUR = 3_600_000;

async function publicJwk(kid: string): Promise<Jwk> {
  const { publicKey } = await generateKeyPair('ES256');
  return { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } as Jwk;
}

function trust(jwk: Jwk, fields: Partial<TrustedIssuer> = {}): TrustedIssuer {
  const now = Math.floor(Date.now() / 1000) * 1000;
  return { id: randomUUID(), issuer: 'https://idp.example.com', subject: 'alice', allowAnySubject: false, scope: ['read', 'write'], jwk, createdAt: now, expiresAt: now + HOUR, ...fields };
}

async function refusedWith(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OAuthError, String(error));
    return error.error;
  }
  assert.fail('expected a refusal');
}

for (const dialect of testDialects()) {
  describe(`TrustStore contract on ${dialect}`, () => {
    let testDb: TestDatabase | undefined;
    let database: Database | undefined;
    let store: SqlTrustStore;
    before(async () => {
      testDb = await createTestDatabase(dialect);
      await migrateDatabase(testDb.dsn);
      database = openDatabase(parseDsn(testDb.dsn));
      store = new SqlTrustStore(database);
    });
    after(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('keeps a relationship as given, and deletes it once', async () => {
      const created = trust(await publicJwk('kept-key'), { issuer: 'https://kept.example.com' });
      await store.create(created);
      assert.deepEqual(await store.get(created.id), created);
      await store.delete(created.id);
      assert.equal(await refusedWith(store.get(created.id)), 'not_found');
      assert.equal(await refusedWith(store.delete(created.id)), 'not_found');
    });

    it('refuses a second relationship of one issuer, subject and kid with conflict, but not another subject or kid', async () => {
      const jwk = await publicJwk('dup-key');
      await store.create(trust(jwk, { issuer: 'https://dup.example.com' }));
      assert.equal(await refusedWith(store.create(trust(jwk, { issuer: 'https://dup.example.com' }))), 'conflict');
      await store.create(trust(jwk, { issuer: 'https://dup.example.com', subject: 'bob' }));
      await store.create(trust({ ...jwk, kid: 'dup-key-2' }, { issuer: 'https://dup.example.com' }));
      await store.create(trust(jwk, { issuer: 'https://dup.example.com', subject: '', allowAnySubject: true }));
      assert.equal(await refusedWith(store.create(trust(jwk, { issuer: 'https://dup.example.com', subject: '', allowAnySubject: true }))), 'conflict');
    });

    it('lists in id order, page after page, filtered by issuer', async () => {
      const issuer = 'https://paged.example.com';
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const created = trust(await publicJwk(`paged-${i}`), { issuer });
        await store.create(created);
        ids.push(created.id);
      }
      ids.sort();
      const first = await store.list({ after: '', limit: 3, issuer });
      assert.deepEqual(first.map((t) => t.id), ids.slice(0, 3));
      const second = await store.list({ after: first[2]!.id, limit: 3, issuer });
      assert.deepEqual(second.map((t) => t.id), ids.slice(3));
      const all = await store.list({ after: '', limit: 1000 });
      assert.ok(all.length > 5);
      assert.ok(all.some((t) => t.issuer !== issuer));
    });

    it('finds the live relationships of a subject or of any subject, by kid or all of them, newest first', async () => {
      const issuer = 'https://lookup.example.com';
      const now = Date.now();
      const forAlice = trust(await publicJwk('alice-key'), { issuer, createdAt: now - 2000 });
      const forAny = trust(await publicJwk('any-key'), { issuer, subject: '', allowAnySubject: true, createdAt: now - 1000 });
      const expired = trust(await publicJwk('old-key'), { issuer, expiresAt: now - 1 });
      const forBob = trust(await publicJwk('bob-key'), { issuer, subject: 'bob' });
      for (const t of [forAlice, forAny, expired, forBob]) await store.create(t);
      assert.deepEqual((await store.findTrusted(issuer, 'alice', undefined, now)).map((t) => t.id), [forAny.id, forAlice.id]);
      assert.deepEqual((await store.findTrusted(issuer, 'alice', 'alice-key', now)).map((t) => t.id), [forAlice.id]);
      assert.deepEqual((await store.findTrusted(issuer, 'carol', 'any-key', now)).map((t) => t.id), [forAny.id]);
      assert.deepEqual(await store.findTrusted(issuer, 'alice', 'old-key', now), []);
      assert.deepEqual(await store.findTrusted(issuer, 'alice', 'bob-key', now), []);
      assert.deepEqual(await store.findTrusted('https://other.example.com', 'alice', undefined, now), []);
      assert.deepEqual((await store.findTrusted(issuer, 'alice', 'old-key', now - 2)).map((t) => t.id), [expired.id]);
    });

    it('is cleaned by the janitor (--grants) once expired, and only then', async () => {
      const now = Date.now();
      await database!.db.deleteFrom('hydra_oauth2_trusted_jwt_bearer_issuer').execute();
      const gone = trust(await publicJwk('gone'), { expiresAt: now - 2 * HOUR });
      const recent = trust(await publicJwk('recent'), { expiresAt: now - 1000 });
      const live = trust(await publicJwk('live'), { expiresAt: now + HOUR });
      for (const t of [gone, recent, live]) await store.create(t);
      const options = { limit: 1_000, batchSize: 1, now: () => now };
      await runJanitor(database!, JANITOR_TARGETS.grants, { ...options, keepIfYoungerMs: HOUR });
      assert.deepEqual((await store.list({ after: '', limit: 10 })).map((t) => t.id).sort(), [recent.id, live.id].sort());
      await runJanitor(database!, JANITOR_TARGETS.grants, { ...options, keepIfYoungerMs: 0 });
      assert.deepEqual((await store.list({ after: '', limit: 10 })).map((t) => t.id), [live.id]);
    });
  });
}
