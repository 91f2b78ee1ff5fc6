/**
 * One scope and audience check for every place a grant is asked for (authorize, client
 * credentials, refresh): the texts are the ones fosite and Hydra answer with.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OAuthError } from '../../src/core/errors.js';
import { assertGrantable } from '../../src/core/grantable.js';
import { scopeStrategy } from '../../src/core/scope-strategy.js';

const wildcard = scopeStrategy('wildcard');
const client = { scope: 'openid offline read.*', audience: ['https://api.example.com'] };

function refusal(run: () => void): { error: string; hint: string | undefined } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof OAuthError);
    return { error: error.error, hint: error.hint };
  }
  assert.fail('expected a refusal');
}

describe('assertGrantable', () => {
  it('grants registered scopes, by the scope strategy, and registered audiences', () => {
    assertGrantable(client, ['openid', 'read.users'], ['https://api.example.com'], wildcard);
    assertGrantable({}, [], [], wildcard);
  });

  it('refuses the first scope the client may not request, as invalid_scope', () => {
    assert.deepEqual(refusal(() => assertGrantable(client, ['openid', 'write', 'admin'], [], wildcard)), {
      error: 'invalid_scope',
      hint: "The OAuth 2.0 Client is not allowed to request scope 'write'.",
    });
  });

  it('refuses an audience the client was not registered for, as invalid_request', () => {
    assert.deepEqual(refusal(() => assertGrantable(client, ['openid'], ['https://other.example.com'], wildcard)), {
      error: 'invalid_request',
      hint: "Requested audience 'https://other.example.com' has not been whitelisted by the OAuth 2.0 Client.",
    });
  });

  it('checks scope before audience', () => {
    assert.equal(refusal(() => assertGrantable({}, ['openid'], ['https://api.example.com'], wildcard)).error, 'invalid_scope');
  });
});
