/**
 * The error catalogue is closed (architecture review P5): every OAuth error Tessera emits is
 * defined in src/core/errors.ts, with a code from the OAuthErrorCode union, so that a misspelt
 * code fails to compile; only the login/consent app's own rejection code is relayed verbatim.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OAuthError, errors, relayedDenial, type OAuthErrorCode } from '../../src/core/errors.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** A switch over the union narrows: the compiler rejects a case label that is no code. */
function family(code: OAuthErrorCode): 'client' | 'token' | 'other' {
  switch (code) {
    case 'invalid_client':
    case 'unauthorized_client':
      return 'client';
    case 'invalid_token':
    case 'insufficient_scope':
      return 'token';
    default:
      return 'other';
  }
}

describe('error catalogue', () => {
  it('defines every OAuthError in src/core/errors.ts, nowhere else', () => {
    const outside = sourceFiles('src')
      .filter((file) => file !== join('src', 'core', 'errors.ts'))
      .filter((file) => /\bnew OAuthError\s*\(/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(outside, []);
  });

  it('refuses a misspelt code at compile time', () => {
    // @ts-expect-error 'invlid_request' is not an OAuthErrorCode.
    const misspelt = () => new OAuthError('invlid_request', 'x', 400);
    assert.equal(typeof misspelt, 'function');
    assert.equal(family(errors.invalidToken.error as OAuthErrorCode), 'token');
  });

  it('keeps each moved sentinel byte for byte (fosite errors.go texts)', () => {
    assert.deepEqual(errors.invalidState.withHint('h').toJSON(), {
      error: 'invalid_state',
      error_description: 'The state is missing or does not have enough characters and is therefore considered too weak. h',
      error_hint: 'h',
      status_code: 400,
    });
    assert.deepEqual(errors.alreadyHandled.toJSON(), { error: 'conflict', error_description: 'The request has already been handled.', status_code: 409 });
    assert.deepEqual(errors.insecureHttp.toJSON(), { error: 'bad_gateway', error_description: 'can not serve request over insecure http', status_code: 502 });
    for (const [name, error] of Object.entries(errors)) {
      assert.ok(error.statusCode >= 400 && error.statusCode < 600, `${name}: ${error.statusCode}`);
    }
  });

  it("relays the login or consent app's own rejection verbatim (Hydra RequestDeniedError)", () => {
    const denied = relayedDenial({ error: 'my_app_said_no', error_description: 'No.', error_hint: '', status_code: 403 });
    assert.deepEqual(denied.toJSON(), { error: 'my_app_said_no', error_description: 'No.', status_code: 403 });
  });
});
