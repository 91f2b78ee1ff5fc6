/**
 * Changing and removing clients through the official SDK (@ory/hydra-client), unmodified: set
 * (PUT), patch (RFC 6902), lifespans and delete, checking the secret at rest after each change.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OAuth2Api } from '@ory/hydra-client';
import { SecretHasher } from '../../src/crypto/secret-hasher.js';
import { sdk, sdkStatus, storedRow } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const hasher = new SecretHasher({ algorithm: 'pbkdf2', pbkdf2Iterations: 25_000, bcryptCost: 10 });

describeOnEachDatabase('client updates through @ory/hydra-client', {}, (ctx) => {
  let api: OAuth2Api;
  before(async () => {
    api = sdk(ctx.server.adminUrl);
  });

  it('replaces a client with PUT, keeping the stored secret when none is sent', async () => {
    const { data: created } = await api.createOAuth2Client({ oAuth2Client: { client_id: 'put-me', client_name: 'before', scope: 'a b' } });
    const before = (await storedRow(ctx.database.dsn, 'put-me'))!.secret_hash;
    const { data: replaced } = await api.setOAuth2Client({
      id: 'put-me',
      oAuth2Client: { client_name: 'after', redirect_uris: ['https://put.example.com/cb'], grant_types: ['client_credentials'] },
    });
    assert.equal(replaced.client_id, 'put-me');
    assert.equal(replaced.client_name, 'after');
    assert.equal(replaced.scope, 'offline_access offline openid', 'PUT replaces every field, so scope is back to its default');
    assert.equal(replaced.client_secret, undefined);
    assert.equal(replaced.created_at, created.created_at);
    assert.equal((await storedRow(ctx.database.dsn, 'put-me'))!.secret_hash, before);

    const { data: rotated } = await api.setOAuth2Client({ id: 'put-me', oAuth2Client: { ...replaced, client_secret: 'brand-new-secret' } });
    assert.equal(rotated.client_secret, 'brand-new-secret');
    const hash = (await storedRow(ctx.database.dsn, 'put-me'))!.secret_hash!;
    assert.equal(await hasher.verify('brand-new-secret', hash), true);
    assert.equal((await api.getOAuth2Client({ id: 'put-me' })).data.client_secret, undefined);
  });

  it('patches with RFC 6902 operations and shows a secret only when the patch set one', async () => {
    await api.createOAuth2Client({ oAuth2Client: { client_id: 'patch-me', redirect_uris: ['https://p.example.com/1'] } });
    const { data: patched } = await api.patchOAuth2Client({
      id: 'patch-me',
      jsonPatch: [
        { op: 'replace', path: '/client_name', value: 'patched' },
        { op: 'add', path: '/redirect_uris/-', value: 'https://p.example.com/2' },
        { op: 'replace', path: '/jwks_uri', value: 'https://p.example.com/jwks.json' },
        { op: 'add', path: '/metadata/team', value: 'blue' },
      ],
    });
    assert.equal(patched.client_name, 'patched');
    assert.deepEqual(patched.redirect_uris, ['https://p.example.com/1', 'https://p.example.com/2']);
    assert.equal(patched.jwks_uri, 'https://p.example.com/jwks.json');
    assert.deepEqual(patched.metadata, { team: 'blue' });
    assert.equal(patched.client_secret, undefined);

    const { data: withSecret } = await api.patchOAuth2Client({
      id: 'patch-me',
      jsonPatch: [{ op: 'add', path: '/client_secret', value: 'patched-secret' }],
    });
    assert.equal(withSecret.client_secret, 'patched-secret');
    assert.equal(await hasher.verify('patched-secret', (await storedRow(ctx.database.dsn, 'patch-me'))!.secret_hash!), true);
  });

  it('sets lifespans without touching other fields, in Go duration form', async () => {
    await api.createOAuth2Client({ oAuth2Client: { client_id: 'spans', client_name: 'spans', client_credentials_grant_access_token_lifespan: '2h' } });
    const { data } = await api.setOAuth2ClientLifespans({
      id: 'spans',
      oAuth2ClientTokenLifespans: { authorization_code_grant_access_token_lifespan: '1h', refresh_token_grant_refresh_token_lifespan: '90s' },
    });
    assert.equal(data.client_name, 'spans');
    assert.equal(data.authorization_code_grant_access_token_lifespan, '1h0m0s');
    assert.equal(data.refresh_token_grant_refresh_token_lifespan, '1m30s');
    assert.equal(data.client_credentials_grant_access_token_lifespan, null, 'the lifespans body replaces every lifespan');
    assert.deepEqual((await api.getOAuth2Client({ id: 'spans' })).data, data);
  });

  it('deletes a client, after which it is 404', async () => {
    await api.createOAuth2Client({ oAuth2Client: { client_id: 'delete-me' } });
    const deleted = await api.deleteOAuth2Client({ id: 'delete-me' });
    assert.equal(deleted.status, 204);
    assert.equal(await sdkStatus(api.getOAuth2Client({ id: 'delete-me' })), 404);
    assert.equal(await sdkStatus(api.deleteOAuth2Client({ id: 'delete-me' })), 404);
  });
});
