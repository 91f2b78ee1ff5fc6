/**
 * OAuth 2.0 Form Post Response Mode: the answer is an HTML page that posts the response to the
 * redirect URI, with a Content-Security-Policy that lets only its own script run (by hash), a
 * noscript button, and no caching; errors after the redirect URI is known come back the same way.
 * On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Browser, authorizeUrl, createClient, login, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';

/** The hidden inputs of the page, decoded from their HTML escapes. */
export function formFields(html: string): Map<string, string> {
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  const fields = new Map<string, string>();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)) fields.set(unescape(match[1]!), unescape(match[2]!));
  return fields;
}

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('response_mode=form_post', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'spa', client_secret: 'spa-secret', grant_types: ['implicit', 'authorization_code'],
      response_types: ['code', 'code id_token'], scope: 'openid', redirect_uris: [REDIRECT],
    });
  });

  function checkPage(hop: { status: number; body: string; headers: Headers }): void {
    assert.equal(hop.status, 200, hop.body);
    assert.match(hop.headers.get('content-type')!, /^text\/html/);
    assert.match(hop.headers.get('cache-control')!, /no-store/);
    assert.equal(hop.headers.get('x-frame-options'), 'DENY');
    const csp = hop.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action http:\/\/127\.0\.0\.1:5555/);
    // The one inline script is the one the policy allows, by its SHA-256.
    const script = /<script>([^<]*)<\/script>/.exec(hop.body)![1]!;
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), csp);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(hop.body, /<form method="post" action="http:\/\/127\.0\.0\.1:5555\/callback">/);
    assert.match(hop.body, /<noscript><button type="submit">/);
  }

  it('posts a hybrid response with code, id_token, state and iss', async () => {
    const browser = new Browser();
    const start = authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, response_type: 'code id_token', response_mode: 'form_post', scope: 'openid', state: 'a<b>"c&d', nonce: 'nonce-123456' });
    const consentChallenge = await login(browser, api(), await startLogin(browser, start));
    const { data } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
    const hop = await browser.visit(data.redirect_to);
    checkPage(hop);
    const fields = formFields(hop.body);
    assert.deepEqual([...fields.keys()], ['code', 'id_token', 'scope', 'state', 'iss']);
    assert.match(fields.get('code')!, /^ory_ac_/);
    assert.equal(fields.get('id_token')!.split('.').length, 3);
    // The state is escaped in the HTML and comes back byte for byte (RFC 6819 §4.4.1.8).
    assert.equal(fields.get('state'), 'a<b>"c&d');
    assert.doesNotMatch(hop.body, /a<b>/);
    assert.equal(fields.get('iss'), ctx.as.issuer);
  });

  it('posts the code of a plain code request that asked for form_post', async () => {
    const browser = new Browser();
    const start = authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, response_type: 'code', response_mode: 'form_post', scope: 'openid', state: 'state-123456' });
    const consentChallenge = await login(browser, api(), await startLogin(browser, start));
    const { data } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
    const hop = await browser.visit(data.redirect_to);
    checkPage(hop);
    assert.match(formFields(hop.body).get('code')!, /^ory_ac_/);
  });

  it('posts an error back in form_post too', async () => {
    const hop = await new Browser().visit(authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, response_type: 'code id_token', response_mode: 'form_post', scope: 'openid', state: 'state-123456' }));
    checkPage(hop);
    const fields = formFields(hop.body);
    assert.equal(fields.get('error'), 'invalid_request');
    assert.equal(fields.get('state'), 'state-123456');
    assert.equal(fields.get('iss'), ctx.as.issuer);
  });

  it('refuses an unknown response_mode', async () => {
    const hop = await new Browser().visit(authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, response_type: 'code', response_mode: 'jwt', scope: 'openid', state: 'state-123456' }));
    assert.equal(hop.status, 302);
    assert.equal(new URL(hop.location).searchParams.get('error'), 'unsupported_response_mode');
  });
});
