/**
 * ClientService over an in-memory ClientStore: the secret rules (bcrypt as well as PBKDF2), the
 * whole-second times, list paging through sealed tokens, and the guarantee that a refused change
 * writes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthenticationRecord, Client } from '../../src/client/client.js';
import type { ClientListQuery, ClientStore } from '../../src/client/client-store.js';
import { ClientService } from '../../src/client/client-service.js';
import { ClientValidator } from '../../src/client/client-validator.js';
import { OutboundHttp } from '../../src/http/outbound/outbound-http.js';
import { OutboundPolicy } from '../../src/http/outbound/outbound-policy.js';
import { PageTokens } from '../../src/client/page-token.js';
import { Aead } from '../../src/crypto/aead.js';
import { SecretHasher } from '../../src/crypto/secret-hasher.js';
import { isOAuthError } from '../../src/core/errors.js';

class MemoryStore implements ClientStore {
  readonly rows = new Map<string, AuthenticationRecord>();
  writes = 0;
  async create(client: Client, secretHash: string | null) {
    if (this.rows.has(client.client_id)) throw new Error('duplicate');
    this.writes += 1;
    this.rows.set(client.client_id, structuredClone({ client, secretHash }));
  }
  async get(id: string) {
    return structuredClone(this.rows.get(id));
  }
  async update(client: Client, secretHash?: string | null) {
    const row = this.rows.get(client.client_id);
    if (!row) return false;
    this.writes += 1;
    this.rows.set(client.client_id, structuredClone({ client, secretHash: secretHash === undefined ? row.secretHash : secretHash }));
    return true;
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
  async sealedSecret(id: string) {
    return this.rows.has(id) ? null : undefined;
  }
  async list(query: ClientListQuery) {
    return [...this.rows.keys()].sort().filter((id) => id > query.after).slice(0, query.limit).map((id) => this.rows.get(id)!.client);
  }
}

function service(algorithm: 'pbkdf2' | 'bcrypt' = 'pbkdf2', now = () => 1_700_000_000_600) {
  const store = new MemoryStore();
  const hasher = new SecretHasher({ algorithm, pbkdf2Iterations: 1000, bcryptCost: 4 });
  const validator = new ClientValidator({ subjectTypes: ['public'], defaultAccessTokenStrategy: 'opaque', defaultScope: ['openid'], outbound: new OutboundHttp(new OutboundPolicy()) });
  return { store, hasher, clients: new ClientService(store, hasher, validator, new PageTokens(new Aead(['s'])), now) };
}

describe('ClientService', () => {
  it('hashes secrets with the configured algorithm and never stores them plain', async () => {
    for (const algorithm of ['pbkdf2', 'bcrypt'] as const) {
      const { store, hasher, clients } = service(algorithm);
      const { client, secret } = await clients.create({ client_id: `c-${algorithm}` });
      const hash = store.rows.get(client.client_id)!.secretHash!;
      assert.match(hash, algorithm === 'bcrypt' ? /^\$2[aby]\$04\$/ : /^\$pbkdf2-sha256\$i=1000,l=32\$/);
      assert.equal(await hasher.verify(secret!, hash), true);
      assert.equal(JSON.stringify(store.rows.get(client.client_id)!.client).includes(secret!), false);
    }
  });

  it('rounds times to the second and keeps created_at across updates', async () => {
    let now = 1_700_000_000_600;
    const { clients } = service('pbkdf2', () => now);
    const { client } = await clients.create({});
    assert.equal(client.created_at, 1_700_000_001_000);
    now += 5_000;
    const { client: replaced } = await clients.replace(client.client_id, { client_name: 'x' });
    assert.equal(replaced.created_at, 1_700_000_001_000);
    assert.equal(replaced.updated_at, 1_700_000_006_000);
  });

  it('writes nothing when a replace, patch or lifespans change is refused', async () => {
    const { store, clients } = service();
    await clients.create({ client_id: 'fixed', redirect_uris: ['https://a.example/cb'] });
    const before = structuredClone(store.rows.get('fixed'));
    const writes = store.writes;
    const attempts = [
      clients.replace('fixed', { grant_types: ['nope'] }),
      clients.patch('fixed', [{ op: 'replace', path: '/scope', value: 7 }]),
      clients.patch('fixed', [{ op: 'add', path: '/client_secret', value: '12345' }]),
      clients.setLifespans('fixed', { implicit_grant_id_token_lifespan: 'soon' }),
    ];
    for (const attempt of attempts) await assert.rejects(attempt, (e) => isOAuthError(e) && e.statusCode === 400);
    assert.equal(store.writes, writes);
    assert.deepEqual(store.rows.get('fixed'), before);
  });

  it('pages through every client once, whatever the page size', async () => {
    const { clients } = service();
    for (let i = 0; i < 7; i++) await clients.create({ client_id: `id-${i}`, token_endpoint_auth_method: 'none' });
    for (const size of [1, 2, 3, 7, 8]) {
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await clients.list({ pageSize: String(size), pageToken: token });
        assert.equal(page.pageSize, size);
        seen.push(...page.clients.map((c) => c.client_id));
        token = page.nextToken;
      } while (token);
      assert.deepEqual(seen, ['id-0', 'id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6'], `page size ${size}`);
    }
  });

  it('gives the token endpoint the client with its stored hash', async () => {
    const { hasher, clients } = service();
    const { secret } = await clients.create({ client_id: 'auth', client_secret: 'correct horse' });
    const record = await clients.getForAuthentication('auth');
    assert.equal(record!.client.client_id, 'auth');
    assert.equal(await hasher.verify(secret!, record!.secretHash!), true);
    assert.equal(await clients.getForAuthentication('missing'), undefined);
  });
});
