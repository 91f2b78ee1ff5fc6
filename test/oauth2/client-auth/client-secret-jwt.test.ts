/**
 * client_secret_jwt (RFC 7523 §2.2, HMAC over the client secret) end to end through oauth4webapi's
 * ClientSecretJwt(), on each database. Hydra refuses this method; Tessera supports it by keeping the
 * secret of such clients sealed under secrets.system beside its hash. The tests check the token and
 * revocation endpoints, a generated secret (shown once, long enough for HS512), and that the sealed
 * secret follows the method through PUT: cleared when the client leaves client_secret_jwt, a new
 * secret generated and shown when it comes back without one.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createClient } from '../../support/create-client.js';
import { insecure } from '../../support/discover.js';
import { request } from '../../support/http.js';
import { describeOnEachDatabase } from '../../support/on-each-database.js';
import { postForm, sign, tokenWithAssertion } from './assertion-support.js';

const SECRET = 'a-client-secret-of-more-than-thirty-two-bytes';

describeOnEachDatabase('client_secret_jwt with oauth4webapi', {}, (ctx) => {
  before(async () => {
    await createClient(ctx.server, {
      client_id: 'csj',
      client_secret: SECRET,
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_jwt',
    });
  });

  async function issue(clientId: string, secret: string) {
    const client = { client_id: clientId };
    const response = await oauth.clientCredentialsGrantRequest(ctx.as, client, oauth.ClientSecretJwt(secret), new URLSearchParams(), insecure);
    return oauth.processClientCredentialsResponse(ctx.as, client, response);
  }

  /** The stored sealed secret of client `id`, or null when it has none. */
  async function sealedSecretOf(id: string): Promise<string | null> {
    const row = await ctx.server.registry.database.db.selectFrom('hydra_client_sealed_secret').select('sealed_secret').where('client_id', '=', id).executeTakeFirst();
    return row?.sealed_secret ?? null;
  }

  it('issues a token and revokes it with ClientSecretJwt (HS256)', async () => {
    const token = await issue('csj', SECRET);
    const client = { client_id: 'csj' };
    const revoked = await oauth.revocationRequest(ctx.as, client, oauth.ClientSecretJwt(SECRET), token.access_token, insecure);
    await oauth.processRevocationResponse(revoked);
    const res = await oauth.introspectionRequest(ctx.as, client, oauth.None(), token.access_token, insecure);
    assert.equal((await oauth.processIntrospectionResponse(ctx.as, client, res)).active, false);
  });

  it('stores the secret sealed, not in plain text', async () => {
    const sealed = await sealedSecretOf('csj');
    assert.ok(sealed);
    assert.equal(sealed.includes(SECRET), false);
    assert.equal(Buffer.from(sealed, 'base64url').toString('utf8').includes(SECRET), false);
  });

  it('refuses an assertion signed with another secret', async () => {
    const assertion = await sign({ clientId: 'csj', audience: ctx.as.token_endpoint!, now: Date.now() }, Buffer.from(`${SECRET}-but-not-this-one`), { alg: 'HS256' });
    const response = await tokenWithAssertion(ctx.as.token_endpoint!, assertion, 'csj');
    assert.equal(response.status, 401);
    assert.equal(response.body.error, 'invalid_client');
    assert.equal(response.body.error_hint, "Unable to verify the integrity of the 'client_assertion' value.");
  });

  it('refuses the plain secret sent as client_secret_post or client_secret_basic', async () => {
    const post = await postForm(ctx.as.token_endpoint!, { grant_type: 'client_credentials', client_id: 'csj', client_secret: SECRET });
    assert.equal(post.status, 401);
    assert.match(post.body.error_hint, /supports client authentication method 'client_secret_jwt', but method 'client_secret_post' was requested/);
  });

  it('generates a secret long enough for HS512 when none is given, and shows it once', async () => {
    const created = await request('POST', `${ctx.server.adminUrl}/admin/clients`, { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_jwt', token_endpoint_auth_signing_alg: 'HS512' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const secret: string = created.body.client_secret;
    assert.equal(secret.length, 64);
    const assertion = await sign({ clientId: created.body.client_id, audience: ctx.as.token_endpoint!, now: Date.now() }, Buffer.from(secret), { alg: 'HS512' });
    const ok = await tokenWithAssertion(ctx.as.token_endpoint!, assertion, created.body.client_id);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const fetched = await request('GET', `${ctx.server.adminUrl}/admin/clients/${created.body.client_id}`);
    assert.equal(fetched.body.client_secret, undefined);
  });

  it('deletes the sealed secret with its client', async () => {
    await createClient(ctx.server, { client_id: 'csj-deleted', client_secret: SECRET, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_jwt' });
    assert.ok(await sealedSecretOf('csj-deleted'));
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/clients/csj-deleted`)).status, 204);
    assert.equal(await sealedSecretOf('csj-deleted'), null);
  });

  it('clears the sealed secret when the client leaves client_secret_jwt, and issues a new one when it returns', async () => {
    const id = 'csj-switching';
    await createClient(ctx.server, { client_id: id, client_secret: SECRET, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_jwt' });
    assert.ok(await sealedSecretOf(id));
    const basic = await request('PUT', `${ctx.server.adminUrl}/admin/clients/${id}`, { client_id: id, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal(basic.status, 200, JSON.stringify(basic.body));
    assert.equal(await sealedSecretOf(id), null);
    // The hash cannot be unsealed: coming back without a secret gives the client a new one.
    const back = await request('PUT', `${ctx.server.adminUrl}/admin/clients/${id}`, { client_id: id, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_jwt' });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    const fresh: string = back.body.client_secret;
    assert.equal(fresh.length, 64);
    await issue(id, fresh);
    await assert.rejects(issue(id, SECRET));
    // PATCH without a secret keeps the sealed one.
    const patched = await request('PATCH', `${ctx.server.adminUrl}/admin/clients/${id}`, [{ op: 'replace', path: '/client_name', value: 'renamed' }]);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.client_secret, undefined);
    await issue(id, fresh);
  });
});
