/**
 * One lifespan rule (fosite's GetEffectiveLifespan): the client's per-grant lifespan when it sets
 * one, else the configured ttl; parsed once per client read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveLifespan, type DefaultLifespans } from '../../src/oauth2/tokens/lifespans.js';
import { lifespansMs } from '../../src/client/lifespan.js';

const defaults: DefaultLifespans = { access_token: 3_600_000, id_token: 1_800_000, refresh_token: -1 };

describe('effective lifespan', () => {
  it("takes the client's lifespan for that grant and token", () => {
    const client = { authorization_code_grant_access_token_lifespan: '1m30s', implicit_grant_id_token_lifespan: '10s' };
    assert.equal(effectiveLifespan(client, 'authorization_code', 'access_token', defaults), 90_000);
    assert.equal(effectiveLifespan(client, 'implicit', 'id_token', defaults), 10_000);
  });

  it('falls back to the configured ttl for another grant, an unset or an empty lifespan', () => {
    const client = { authorization_code_grant_access_token_lifespan: '', refresh_token_grant_access_token_lifespan: '5m0s' };
    assert.equal(effectiveLifespan(client, 'authorization_code', 'access_token', defaults), 3_600_000);
    assert.equal(effectiveLifespan(client, 'client_credentials', 'access_token', defaults), 3_600_000);
    assert.equal(effectiveLifespan(client, 'refresh_token', 'refresh_token', defaults), -1);
  });

  it('uses the default for a pair Hydra has no field for (no client_credentials refresh token)', () => {
    assert.equal(effectiveLifespan({}, 'client_credentials', 'refresh_token', defaults), -1);
  });

  it('keeps a zero lifespan and the refresh token that never expires (-1ns)', () => {
    const client = { client_credentials_grant_access_token_lifespan: '0s', authorization_code_grant_refresh_token_lifespan: '-1ns' };
    assert.equal(effectiveLifespan(client, 'client_credentials', 'access_token', defaults), 0);
    assert.ok(effectiveLifespan(client, 'authorization_code', 'refresh_token', defaults) < 0);
  });

  it('parses a client once per read: the same object gives the same parse, a new read a new one', () => {
    const read = { implicit_grant_access_token_lifespan: '1h0m0s' };
    assert.equal(lifespansMs(read), lifespansMs(read));
    assert.notEqual(lifespansMs({ ...read }), lifespansMs(read));
    assert.deepEqual(lifespansMs({ ...read }), { implicit_grant_access_token_lifespan: 3_600_000 });
  });
});
