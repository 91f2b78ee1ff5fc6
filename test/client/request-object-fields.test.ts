/**
 * The client's request object fields (OpenID Connect Registration §2): request_uris and
 * request_object_signing_alg are stored and returned through the admin API as Hydra returns
 * them; an algorithm Tessera could never verify is refused (client/request-object-rules.ts), and
 * with clients.http.disallow_private_ip_ranges on, a request_uri on a private address is refused
 * with Hydra's hint (client/validator.go). On each database.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

describeOnEachDatabase('request object client fields', {}, (ctx) => {
  const clients = () => `${ctx.server.adminUrl}/admin/clients`;

  it('stores and returns request_uris and request_object_signing_alg, and replaces them', async () => {
    const created = await request('POST', clients(), {
      client_id: 'jar-client',
      redirect_uris: ['https://rp.example/callback'],
      request_uris: ['https://rp.example/request.jwt', 'https://rp.example/other.jwt#abc'],
      request_object_signing_alg: 'PS256',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.request_uris, ['https://rp.example/request.jwt', 'https://rp.example/other.jwt#abc']);
    assert.equal(created.body.request_object_signing_alg, 'PS256');
    const read = await request('GET', `${clients()}/jar-client`);
    assert.deepEqual(read.body.request_uris, ['https://rp.example/request.jwt', 'https://rp.example/other.jwt#abc']);
    assert.equal(read.body.request_object_signing_alg, 'PS256');
    const replaced = await request('PUT', `${clients()}/jar-client`, { redirect_uris: ['https://rp.example/callback'], request_object_signing_alg: 'none' });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.equal(replaced.body.request_object_signing_alg, 'none');
    assert.equal('request_uris' in replaced.body, false);
  });

  for (const alg of ['HS256', 'rs256', 'EdDSA']) {
    it(`refuses request_object_signing_alg ${alg}, which no request object could satisfy`, async () => {
      const refused = await request('POST', clients(), { redirect_uris: ['https://rp.example/callback'], request_object_signing_alg: alg });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_client_metadata');
      assert.equal(refused.body.error_hint, 'Field request_object_signing_alg must be one of none, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512.');
    });
  }

  it('refuses a request_uri that is not an absolute URI', async () => {
    const refused = await request('POST', clients(), { redirect_uris: ['https://rp.example/callback'], request_uris: ['/request.jwt'] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_client_metadata');
  });

  it('refuses, with clients.http.disallow_private_ip_ranges on, a request_uri on a private address', async () => {
    await ctx.restart({ env: { CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true' } });
    const refused = await request('POST', clients(), { redirect_uris: ['https://rp.example/callback'], request_uris: ['https://93.184.215.14/a.jwt', 'http://10.0.0.7/request.jwt'] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_client_metadata');
    assert.equal(refused.body.error_hint, 'Client IP address is not allowed: key request_uris.1 validation is failing: ip 10.0.0.7 is not a permitted destination');
  });
});
