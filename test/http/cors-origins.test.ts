/**
 * Origin matching, case by case from Hydra's own tests (x/oauth2cors/cors_test.go) and Ory's
 * corsx.ClassifyOrigin examples: listener lists as rs/cors reads them, client globs as
 * x/oauth2cors reads them, and the unbounded wildcards both refuse.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { globListAllows, isUnboundedWildcard, listenerListAllows } from '../../src/http/cors/origin-patterns.js';

describe('CORS origin patterns', () => {
  it('classifies wildcards as Ory does', () => {
    assert.equal(isUnboundedWildcard('https://*.example.com'), false);
    assert.equal(isUnboundedWildcard('https://*.example.com:8443'), false);
    assert.equal(isUnboundedWildcard('https://exact.foo.com'), false);
    for (const unsafe of ['https://*foo.com', 'https://*.com', 'https://www.ory.*', 'https://*.vercel.app', 'https://*.co.uk', 'http://*']) {
      assert.equal(isUnboundedWildcard(unsafe), true, unsafe);
    }
  });

  it('reads a listener list as rs/cors: empty or "*" allows all, "*" spans labels, case is ignored', () => {
    assert.equal(listenerListAllows([], 'https://any.example'), true);
    assert.equal(listenerListAllows(['*'], 'https://any.example'), true);
    assert.equal(listenerListAllows(['https://App.example.com'], 'https://app.example.com'), true);
    assert.equal(listenerListAllows(['https://app.example.com'], 'https://app.example.com:444'), false);
    assert.equal(listenerListAllows(['https://*.example.com'], 'https://a.b.example.com'), true);
    assert.equal(listenerListAllows(['https://*.example.com'], 'https://example.com'), false);
    assert.equal(listenerListAllows(['https://*foo.com'], 'https://evilfoo.com'), false);
    assert.equal(listenerListAllows(['https://*.vercel.app'], 'https://evil.vercel.app'), false);
  });

  it('reads client globs as x/oauth2cors: "*" within a label, "**" across, scheme://* any host', () => {
    assert.equal(globListAllows(['http://*.foobar.com'], 'http://foo.foobar.com'), true);
    assert.equal(globListAllows(['http://*.foobar.com'], 'http://a.foo.foobar.com'), false);
    assert.equal(globListAllows(['http://**.example.com'], 'http://a.b.example.com'), true);
    assert.equal(globListAllows(['http://*'], 'http://foo.foobar.com'), true);
    assert.equal(globListAllows(['http://*'], 'https://foo.foobar.com'), false);
    assert.equal(globListAllows(['*'], 'https://anything.example'), true);
    assert.equal(globListAllows(['http://*foo.com'], 'http://evilfoo.com'), false);
    assert.equal(globListAllows(['https://a.example.com'], 'https://a-example.com'), false, 'a dot is literal');
    assert.equal(globListAllows([], 'https://a.example.com'), false);
  });
});
