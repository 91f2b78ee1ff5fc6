import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scopeStrategy, splitScope } from '../../src/core/scope-strategy.js';
import { firstDisallowedAudience } from '../../src/core/audience-strategy.js';

describe('scope strategies (fosite semantics)', () => {
  const wildcard = scopeStrategy('wildcard');
  it('wildcard: `foo.*` allows deeper scopes but not the bare prefix or an empty segment', () => {
    assert.equal(wildcard(['photos.*'], 'photos.read'), true);
    assert.equal(wildcard(['photos.*'], 'photos.read.all'), true);
    assert.equal(wildcard(['photos.*'], 'photos'), false);
    assert.equal(wildcard(['photos.*'], 'photos.'), false);
    assert.equal(wildcard(['photos.read'], 'photos.read'), true);
    assert.equal(wildcard(['photos.read'], 'photos.read.all'), false);
    assert.equal(wildcard(['photos.read'], 'photos.write'), false);
    assert.equal(wildcard(['*'], 'anything'), true);
  });
  it('exact: equality only', () => {
    const exact = scopeStrategy('exact');
    assert.equal(exact(['photos.*'], 'photos.read'), false);
    assert.equal(exact(['photos.read'], 'photos.read'), true);
  });
  it('hierarchical: a scope allows its dotted children', () => {
    const hierarchical = scopeStrategy('DEPRECATED_HIERARCHICAL_SCOPE_STRATEGY');
    assert.equal(hierarchical(['photos'], 'photos.read'), true);
    assert.equal(hierarchical(['photos'], 'photosx'), false);
  });
  it('splits scope strings on single spaces and drops empty entries (RFC 6749 §3.3)', () => {
    assert.deepEqual(splitScope(' a  b '), ['a', 'b']);
    assert.deepEqual(splitScope(undefined), []);
  });
});

describe('audience matching (fosite default)', () => {
  const registered = ['https://api.example.com/photos', 'urn:service:billing'];
  it('allows the registered value and paths below it', () => {
    assert.equal(firstDisallowedAudience(registered, ['https://api.example.com/photos']), undefined);
    assert.equal(firstDisallowedAudience(registered, ['https://api.example.com/photos/albums']), undefined);
    assert.equal(firstDisallowedAudience(registered, ['urn:service:billing']), undefined);
  });
  it('refuses other hosts, schemes, sibling paths and prefixes that are not path segments', () => {
    for (const audience of ['https://evil.example.com/photos', 'http://api.example.com/photos', 'https://api.example.com/photosx', 'https://api.example.com/', 'urn:service:billing2']) {
      assert.equal(firstDisallowedAudience(registered, [audience]), audience, audience);
    }
  });
});
