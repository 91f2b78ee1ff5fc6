/**
 * The self-issued `registration` parameter (OpenID Connect Core §7.2.1) is not read by Tessera: a
 * request carrying one is refused with registration_not_supported (fosite NewAuthorizeRequest),
 * sent back to the client, never served as if the parameter were absent. On each database.
 * (Request objects are read: request-object.test.ts.)
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, authorizeUrl, createClient, query } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    URLS_ERROR: 'http://login.test/error',
  },
};

describeOnEachDatabase('registration parameter refused', serverOptions, (ctx) => {
  const params = (extra: Record<string, string>) => ({
    client_id: 'web-app',
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid',
    state: 'state-12345678',
    ...extra,
  });

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'web-app',
      client_secret: 'web-secret',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      redirect_uris: [REDIRECT],
    });
  });

  const cases: Array<[string, Record<string, string>, string]> = [
    ['registration', { registration: '{"logo_uri":"https://rp.example/logo.png"}' }, 'registration_not_supported'],
  ];
  for (const [name, extra, error] of cases) {
    it(`refuses ${name} with ${error}, by redirect to the client with its state`, async () => {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params(extra)));
      assert.equal(hop.status, 302);
      assert.ok(hop.location.startsWith(`${REDIRECT}?`), hop.location);
      assert.equal(query(hop.location, 'error'), error, hop.location);
      assert.equal(query(hop.location, 'state'), 'state-12345678');
      assert.equal(query(hop.location, 'login_challenge'), null);
    });
  }
});
