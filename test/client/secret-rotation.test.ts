/**
 * Client secret rotation as Hydra v26 has it (POST and DELETE /admin/clients/{id}/secrets/rotate),
 * over real HTTP on each database, with the client_credentials grant of a real relying-party
 * library (oauth4webapi) as the proof of which secrets authenticate. @ory/hydra-client v26.2.0 has
 * no method for these two routes, so they are called as plain HTTP.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createClient } from '../support/create-client.js';
import { insecure } from '../support/discover.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase, type DatabaseContext } from '../support/on-each-database.js';

async function tokenWith(ctx: DatabaseContext, id: string, secret: string, method: 'basic' | 'post' = 'basic'): Promise<number> {
  const auth = method === 'basic' ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
  const response = await oauth.clientCredentialsGrantRequest(ctx.as, { client_id: id }, auth, new URLSearchParams(), insecure);
  if (response.status === 200) {
    const token = await oauth.processClientCredentialsResponse(ctx.as, { client_id: id }, response);
    assert.match(token.access_token, /^ory_at_/);
  }
  return response.status;
}

const rotate = (ctx: DatabaseContext, id: string, path = '/admin/clients') =>
  request('POST', `${ctx.server.adminUrl}${path}/${encodeURIComponent(id)}/secrets/rotate`);
const removeRotated = (ctx: DatabaseContext, id: string) =>
  request('DELETE', `${ctx.server.adminUrl}/admin/clients/${encodeURIComponent(id)}/secrets/rotate`);

async function rotated(ctx: DatabaseContext, id: string): Promise<string> {
  const response = await rotate(ctx, id);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(typeof response.body.client_secret, 'string');
  return response.body.client_secret;
}

describeOnEachDatabase('client secret rotation', {}, (ctx) => {
  before(async () => {
    for (const [id, method] of [
      ['rot-basic', 'client_secret_basic'],
      ['rot-post', 'client_secret_post'],
      ['rot-six', 'client_secret_basic'],
      ['rot-put', 'client_secret_basic'],
      ['rot-patch', 'client_secret_basic'],
    ] as const) {
      await createClient(ctx.server, {
        client_id: id,
        client_secret: `${id}-initial-secret`,
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: method,
      });
    }
    await createClient(ctx.server, {
      client_id: 'rot-public',
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://app.example.com/cb'],
    });
  });

  it('answers the client with a new secret, once, and both the new and the old secret get tokens', async () => {
    const response = await rotate(ctx, 'rot-basic');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const secret = response.body.client_secret as string;
    assert.match(secret, /^[A-Za-z0-9._~-]{26}$/);
    assert.notEqual(secret, 'rot-basic-initial-secret');
    assert.equal(response.body.client_id, 'rot-basic');
    assert.equal(response.body.token_endpoint_auth_method, 'client_secret_basic');
    for (const field of ['rotated_secrets', 'RotatedSecrets']) assert.equal(field in response.body, false);

    assert.equal(await tokenWith(ctx, 'rot-basic', secret), 200);
    assert.equal(await tokenWith(ctx, 'rot-basic', 'rot-basic-initial-secret'), 200);
    assert.equal(await tokenWith(ctx, 'rot-basic', 'never-the-secret'), 401);

    const read = await request('GET', `${ctx.server.adminUrl}/admin/clients/rot-basic`);
    assert.equal(read.status, 200);
    assert.equal('client_secret' in read.body, false);
    assert.equal(JSON.stringify(read.body).includes('pbkdf2'), false);
    assert.ok(Date.parse(read.body.updated_at) >= Date.parse(read.body.created_at));
  });

  it('works for client_secret_post, and through the v1 path without /admin', async () => {
    const secret = (await rotate(ctx, 'rot-post', '/clients')).body.client_secret as string;
    assert.equal(await tokenWith(ctx, 'rot-post', secret, 'post'), 200);
    assert.equal(await tokenWith(ctx, 'rot-post', 'rot-post-initial-secret', 'post'), 200);
  });

  it('keeps the five newest rotated secrets: after six rotations the first secret fails and the other six work', async () => {
    const secrets = ['rot-six-initial-secret'];
    for (let i = 0; i < 6; i++) secrets.push(await rotated(ctx, 'rot-six'));
    assert.equal(new Set(secrets).size, 7);
    assert.equal(await tokenWith(ctx, 'rot-six', secrets[0]!), 401);
    for (const secret of secrets.slice(1)) assert.equal(await tokenWith(ctx, 'rot-six', secret), 200);

    // DELETE removes the rotated ones: only the current secret is left.
    const removed = await removeRotated(ctx, 'rot-six');
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.client_id, 'rot-six');
    assert.equal('client_secret' in removed.body, false);
    for (const secret of secrets.slice(0, 6)) assert.equal(await tokenWith(ctx, 'rot-six', secret), 401);
    assert.equal(await tokenWith(ctx, 'rot-six', secrets[6]!), 200);
    // Removing none is no error.
    assert.equal((await removeRotated(ctx, 'rot-six')).status, 200);
  });

  it('PUT without a secret keeps the rotated secrets; PUT with a new client_secret clears them', async () => {
    const current = await rotated(ctx, 'rot-put');
    const body = { client_id: 'rot-put', client_name: 'renamed', grant_types: ['client_credentials'] };
    const kept = await request('PUT', `${ctx.server.adminUrl}/admin/clients/rot-put`, body);
    assert.equal(kept.status, 200);
    assert.equal(await tokenWith(ctx, 'rot-put', 'rot-put-initial-secret'), 200);
    assert.equal(await tokenWith(ctx, 'rot-put', current), 200);

    const replaced = await request('PUT', `${ctx.server.adminUrl}/admin/clients/rot-put`, {
      ...body,
      client_secret: 'rot-put-brand-new-secret',
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.client_secret, 'rot-put-brand-new-secret');
    assert.equal(await tokenWith(ctx, 'rot-put', 'rot-put-initial-secret'), 401);
    assert.equal(await tokenWith(ctx, 'rot-put', current), 401);
    assert.equal(await tokenWith(ctx, 'rot-put', 'rot-put-brand-new-secret'), 200);
  });

  it('PATCH setting client_secret clears the rotated secrets too', async () => {
    const current = await rotated(ctx, 'rot-patch');
    const patched = await request('PATCH', `${ctx.server.adminUrl}/admin/clients/rot-patch`, [
      { op: 'replace', path: '/client_name', value: 'x' },
    ]);
    assert.equal(patched.status, 200);
    assert.equal(await tokenWith(ctx, 'rot-patch', 'rot-patch-initial-secret'), 200);
    const secretSet = await request('PATCH', `${ctx.server.adminUrl}/admin/clients/rot-patch`, [
      { op: 'add', path: '/client_secret', value: 'rot-patch-new-secret' },
    ]);
    assert.equal(secretSet.status, 200, JSON.stringify(secretSet.body));
    assert.equal(await tokenWith(ctx, 'rot-patch', 'rot-patch-initial-secret'), 401);
    assert.equal(await tokenWith(ctx, 'rot-patch', current), 401);
    assert.equal(await tokenWith(ctx, 'rot-patch', 'rot-patch-new-secret'), 200);
  });

  it("refuses a client without a shared secret with Hydra's 400, and an unknown client with 404", async () => {
    for (const response of [await rotate(ctx, 'rot-public'), await removeRotated(ctx, 'rot-public')]) {
      assert.equal(response.status, 400);
      assert.equal(response.body.error, 'invalid_request');
      assert.match(response.body.error_description, /"none" authentication method, which does not support client secret rotation/);
    }
    for (const response of [await rotate(ctx, 'no-such-client'), await removeRotated(ctx, 'no-such-client')]) {
      assert.equal(response.status, 404);
      assert.equal(response.body.error, 'not_found');
    }
  });

  it('rotations racing on one client lose no secret: every one of them still authenticates', async () => {
    await createClient(ctx.server, {
      client_id: 'rot-race',
      client_secret: 'rot-race-initial-secret',
      grant_types: ['client_credentials'],
    });
    const responses = await Promise.all([1, 2, 3].map(() => rotate(ctx, 'rot-race')));
    for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
    for (const secret of ['rot-race-initial-secret', ...responses.map((r) => r.body.client_secret as string)]) {
      assert.equal(await tokenWith(ctx, 'rot-race', secret), 200);
    }
  });
});
