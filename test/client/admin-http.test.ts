/**
 * The client admin API over raw HTTP where the SDK does not look: the v1 paths without /admin,
 * Hydra's Link header, the JSON Patch media type, secrets issued on PUT, and cache headers.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../support/http.js';
import { parseLink } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

describeOnEachDatabase('client admin API over HTTP', {}, (ctx) => {
  let url: (path: string) => string;
  before(async () => {
    url = (path) => `${ctx.server.adminUrl}${path}`;
  });

  it('serves the v1 paths without /admin on the same routes', async () => {
    const created = await request('POST', url('/clients'), { client_id: 'v1-client', client_secret: 'v1-secret-value' });
    assert.equal(created.status, 201);
    assert.equal(created.body.client_secret, 'v1-secret-value');
    const fetched = await request('GET', url('/clients/v1-client'));
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.client_secret, undefined);
    const listed = await request('GET', url('/clients'));
    assert.equal(listed.status, 200);
    assert.ok(listed.body.some((c: { client_id: string }) => c.client_id === 'v1-client'));
    const put = await request('PUT', url('/clients/v1-client'), { client_name: 'renamed' });
    assert.equal(put.body.client_name, 'renamed');
    const lifespans = await request('PUT', url('/clients/v1-client/lifespans'), { implicit_grant_id_token_lifespan: '30m' });
    assert.equal(lifespans.body.implicit_grant_id_token_lifespan, '30m0s');
    assert.equal((await request('DELETE', url('/clients/v1-client'))).status, 204);
    assert.equal((await request('GET', url('/clients/v1-client'))).status, 404);
  });

  it('accepts application/json-patch+json for PATCH', async () => {
    await request('POST', url('/admin/clients'), { client_id: 'typed-patch' });
    const response = await request('PATCH', url('/admin/clients/typed-patch'), [{ op: 'replace', path: '/owner', value: 'me' }], {
      'content-type': 'application/json-patch+json',
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.owner, 'me');
  });

  it("writes Hydra's Link header, keeping filters, and clamps page_size to 500", async () => {
    for (const id of ['link-1', 'link-2', 'link-3']) await request('POST', url('/admin/clients'), { client_id: id, owner: 'linker' });
    const first = await request('GET', url('/clients?owner=linker&page_size=2'));
    assert.deepEqual(first.body.map((c: { client_id: string }) => c.client_id), ['link-1', 'link-2']);
    const links = parseLink(first.headers.get('link'));
    assert.deepEqual([...links.keys()], ['first', 'next']);
    assert.match(first.headers.get('link')!, /^<\/admin\/clients\?owner=linker&page_size=2&page_token=[^>]+>; rel="first",<\/admin\/clients\?/);
    const next = links.get('next')!;
    assert.equal(next.searchParams.get('owner'), 'linker');
    const second = await request('GET', url(`${next.pathname}${next.search}`));
    assert.deepEqual(second.body.map((c: { client_id: string }) => c.client_id), ['link-3']);
    assert.deepEqual([...parseLink(second.headers.get('link')).keys()], ['first']);
    const again = links.get('first')!;
    const restart = await request('GET', url(`${again.pathname}${again.search}`));
    assert.deepEqual(restart.body.map((c: { client_id: string }) => c.client_id), ['link-1', 'link-2']);
    const clamped = await request('GET', url('/admin/clients?page_size=100000&page_token='));
    assert.equal(clamped.status, 200);
    assert.equal(parseLink(clamped.headers.get('link')).get('first')!.searchParams.get('page_size'), '500');
    const defaulted = await request('GET', url('/admin/clients'));
    assert.equal(parseLink(defaulted.headers.get('link')).get('first')!.searchParams.get('page_size'), '100');
  });

  it('generates a secret, shown once, when PUT turns a public client confidential', async () => {
    const created = await request('POST', url('/admin/clients'), { client_id: 'went-private', token_endpoint_auth_method: 'none' });
    assert.equal(created.body.client_secret, undefined);
    const put = await request('PUT', url('/admin/clients/went-private'), { token_endpoint_auth_method: 'client_secret_post' });
    assert.equal(put.status, 200);
    assert.equal(put.body.client_secret.length, 26);
    const again = await request('PUT', url('/admin/clients/went-private'), { token_endpoint_auth_method: 'client_secret_post' });
    assert.equal(again.body.client_secret, undefined);
  });

  it('ignores an empty body sent with a JSON Content-Type on DELETE, as Hydra does', async () => {
    await request('POST', url('/admin/clients'), { client_id: 'curl-delete' });
    const response = await fetch(url('/admin/clients/curl-delete'), { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 204);
    const empty = await fetch(url('/admin/clients'), { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.equal(empty.status, 400);
    assert.equal(((await empty.json()) as { error: string }).error, 'invalid_request');
  });

  it('marks responses that can carry a secret as not cacheable', async () => {
    const created = await request('POST', url('/admin/clients'), {});
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.equal(created.headers.get('location'), `/admin/clients/${created.body.client_id}`);
  });
});
