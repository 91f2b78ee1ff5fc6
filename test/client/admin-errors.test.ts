/**
 * The client admin API with raw HTTP and every kind of bad input,
 * each answered in Hydra's error shape with a 4xx that names the problem, and nothing half-written.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

describeOnEachDatabase('client admin API errors', {}, (ctx) => {
  let url: (path: string) => string;
  before(async () => {
    url = (path) => `${ctx.server.adminUrl}${path}`;
  });

  async function refused(method: string, path: string, body: unknown, status: number, error: string, hint?: RegExp) {
    const response = await request(method, url(path), body);
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.equal(response.body.error, error);
    assert.equal(response.body.status_code, status);
    assert.equal(typeof response.body.error_description, 'string');
    if (hint) assert.match(response.body.error_hint ?? '', hint);
    return response;
  }

  it('refuses malformed JSON and bodies that are not objects', async () => {
    await refused('POST', '/admin/clients', '{"client_id": ', 400, 'invalid_request');
    await refused('POST', '/admin/clients', '[1, 2]', 400, 'invalid_request', /JSON object/);
    await refused('POST', '/admin/clients', '"text"', 400, 'invalid_request');
  });

  it('refuses fields of the wrong JSON type, naming the field', async () => {
    await refused('POST', '/admin/clients', { redirect_uris: 'https://a.example/cb' }, 400, 'invalid_client_metadata', /redirect_uris/);
    await refused('POST', '/admin/clients', { scope: 42 }, 400, 'invalid_client_metadata', /scope/);
    await refused('POST', '/admin/clients', { grant_types: ['client_credentials', 7] }, 400, 'invalid_client_metadata', /grant_types/);
    await refused('POST', '/admin/clients', { skip_consent: 'yes' }, 400, 'invalid_client_metadata', /skip_consent/);
    await refused('POST', '/admin/clients', { jwks: 'keys' }, 400, 'invalid_client_metadata', /jwks/);
    await refused('POST', '/admin/clients', { client_credentials_grant_access_token_lifespan: 3600 }, 400, 'invalid_client_metadata', /lifespan/);
  });

  it('refuses metadata that Hydra or the RFCs do not allow', async () => {
    const post = (body: unknown, error: string, hint: RegExp) => refused('POST', '/admin/clients', body, 400, error, hint);
    await post({ grant_types: ['magic'] }, 'invalid_client_metadata', /grant_types.*magic/);
    await post({ response_types: ['code banana'] }, 'invalid_client_metadata', /response_types/);
    await post({ token_endpoint_auth_method: 'client_secret_jot' }, 'invalid_client_metadata', /token_endpoint_auth_method/);
    await post({ token_endpoint_auth_method: 'client_secret_jwt', client_secret: 'only-twenty-characters' }, 'invalid_client_metadata', /client_secret.*32 bytes/);
    await post({ token_endpoint_auth_method: 'client_secret_jwt', token_endpoint_auth_signing_alg: 'RS256' }, 'invalid_client_metadata', /token_endpoint_auth_signing_alg/);
    await post({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://a.example/jwks', token_endpoint_auth_signing_alg: 'HS256' }, 'invalid_client_metadata', /token_endpoint_auth_signing_alg/);
    await post({ redirect_uris: ['https://a.example/cb#frag'] }, 'invalid_redirect_uri', /fragment/);
    await post({ redirect_uris: ['/relative/cb'] }, 'invalid_redirect_uri', /absolute/);
    await post({ redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri', /javascript/);
    await post({ jwks_uri: 'https://a.example/jwks', jwks: { keys: [] } }, 'invalid_client_metadata', /jwks and jwks_uri/);
    await post({ subject_type: 'pairwise' }, 'invalid_client_metadata', /pairwise/);
    await post({ subject_type: 'anonymous' }, 'invalid_client_metadata', /Subject type/);
    await post({ access_token_strategy: 'macaroon' }, 'invalid_client_metadata', /access_token_strategy/);
    await post({ client_secret: 'short' }, 'invalid_client_metadata', /client_secret.*6/);
    await post({ implicit_grant_access_token_lifespan: 'forever' }, 'invalid_client_metadata', /implicit_grant_access_token_lifespan/);
    await post({ jwt_bearer_grant_access_token_lifespan: '-5m' }, 'invalid_client_metadata', /negative/);
    await post({ token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata', /jwks or jwks_uri/);
    await post({ allowed_cors_origins: ['https://a.example/path'] }, 'invalid_client_metadata', /allowed_cors_origins/);
    await post({ userinfo_signed_response_alg: 'HS256' }, 'invalid_client_metadata', /userinfo_signed_response_alg/);
    await post({ tos_uri: 'ftp://a.example/tos' }, 'invalid_client_metadata', /tos_uri/);
    await post(
      { redirect_uris: ['https://a.example/cb'], post_logout_redirect_uris: ['https://evil.example/bye'] },
      'invalid_client_metadata',
      /post_logout_redirect_uri/,
    );
    await post({ sector_identifier_uri: 'http://a.example/sector.json' }, 'invalid_client_metadata', /https/);
    await post({ client_id: 'x'.repeat(256) }, 'invalid_client_metadata', /client_id/);
    assert.deepEqual((await request('GET', url('/admin/clients'))).body, [], 'no refused client was stored');
  });

  it('answers 409 for a duplicate client_id and keeps the first client', async () => {
    assert.equal((await request('POST', url('/admin/clients'), { client_id: 'dup', client_name: 'first' })).status, 201);
    await refused('POST', '/admin/clients', { client_id: 'dup', client_name: 'second' }, 409, 'conflict');
    assert.equal((await request('GET', url('/admin/clients/dup'))).body.client_name, 'first');
  });

  it('answers 413 for a body over the 1 MiB limit', async () => {
    const response = await request('POST', url('/admin/clients'), { client_name: 'x'.repeat(1024 * 1024 + 1) });
    assert.equal(response.status, 413);
    assert.equal(response.body.error, 'request_entity_too_large');
  });

  it('refuses a PATCH that breaks validation and changes nothing stored', async () => {
    const created = await request('POST', url('/admin/clients'), { client_id: 'guarded', redirect_uris: ['https://g.example/cb'] });
    const before = (await request('GET', url('/admin/clients/guarded'))).body;
    await refused(
      'PATCH',
      '/admin/clients/guarded',
      [
        { op: 'replace', path: '/client_name', value: 'would change' },
        { op: 'add', path: '/redirect_uris/-', value: 'https://g.example/cb#fragment' },
      ],
      400,
      'invalid_redirect_uri',
    );
    await refused('PATCH', '/admin/clients/guarded', [{ op: 'replace', path: '/grant_types', value: 'implicit' }], 400, 'invalid_client_metadata');
    await refused('PATCH', '/admin/clients/guarded', [{ op: 'replace', path: '/client_id', value: 'other' }], 400, 'invalid_request', /client_id/);
    await refused('PATCH', '/admin/clients/guarded', [{ op: 'remove', path: '/no/such/path' }], 400, 'invalid_request', /JSON Patch/);
    await refused('PATCH', '/admin/clients/guarded', [{ op: 'test', path: '/client_name', value: 'nope' }], 400, 'invalid_request', /test/);
    await refused('PATCH', '/admin/clients/guarded', { op: 'replace' }, 400, 'invalid_request', /array/);
    await refused('PATCH', '/admin/clients/guarded', [{ op: 'add', path: '/client_secret', value: 'tiny' }], 400, 'invalid_client_metadata');
    const afterwards = (await request('GET', url('/admin/clients/guarded'))).body;
    assert.deepEqual(afterwards, before);
    assert.equal(created.status, 201);
  });

  it('answers 404 for an unknown client on every route', async () => {
    await refused('GET', '/admin/clients/ghost', undefined, 404, 'not_found');
    await refused('PUT', '/admin/clients/ghost', {}, 404, 'not_found');
    await refused('PATCH', '/admin/clients/ghost', [], 404, 'not_found');
    await refused('DELETE', '/admin/clients/ghost', undefined, 404, 'not_found');
    await refused('PUT', '/admin/clients/ghost/lifespans', {}, 404, 'not_found');
    await refused('GET', '/clients/ghost', undefined, 404, 'not_found');
  });

  it('refuses page tokens it did not issue and a page_size that is not a number', async () => {
    await refused('GET', '/admin/clients?page_token=not-a-token', undefined, 400, 'invalid_request', /page_token/);
    await refused('GET', "/admin/clients?page_token=' OR 1=1 --", undefined, 400, 'invalid_request', /page_token/);
    await refused('GET', '/admin/clients?page_size=ten', undefined, 400, 'invalid_request', /page_size/);
  });


});
