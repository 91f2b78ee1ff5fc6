/**
 * The newest schema_migration row names the Hydra release (docs/hydra-schema-versions.md): every
 * release from v2.0.0 to v26.2.0 is read, and any other version is refused in a sentence that
 * names it and says what to do.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkSchemaVersion, KNOWN_VERSIONS, UnknownHydraSchemaError } from '../../src/import/hydra/schema-versions.js';

describe('Hydra schema versions', () => {
  it('names each release by its newest migration', () => {
    const releases: [string, string][] = [
      ['20220916000010000000', 'v2.0.0 or v2.0.1'],
      ['20221109000010000001', 'v2.0.2 or v2.0.3'],
      ['20230313112801000001', 'v2.1.0 or v2.1.1'],
      ['20230512112801000001', 'v2.1.2'],
      ['20240129174410000001', 'v2.2.0'],
      ['20241129111700000000', 'v2.3.0'],
      ['20251030112809000000', 'v25.4.0'],
      ['20251202130532000001', 'v26.2.0'],
    ];
    for (const [version, release] of releases) {
      assert.equal(checkSchemaVersion(['20150101000001000000', version]), `${version} (Hydra ${release})`);
      assert.equal(KNOWN_VERSIONS[version], `Hydra ${release}`);
    }
  });

  it('refuses an older, a newer and an in-between version by name', () => {
    const refusal = (versions: string[]) => {
      try {
        checkSchemaVersion(versions);
      } catch (error) {
        assert.ok(error instanceof UnknownHydraSchemaError);
        return error.message;
      }
      assert.fail(`${versions.join(', ')} was accepted`);
    };
    assert.match(refusal(['20211226156000000000']), /^The Hydra database's schema version 20211226156000000000 is older than Hydra v2\.0\.0/);
    assert.match(refusal(['20990101000000000000']), /20990101000000000000 is newer than any this import knows \(newest: 20260420120000000001/);
    assert.match(
      refusal(['20240403121110000001']),
      /20240403121110000001 is not where any Hydra release ends \(it lies between 20240129174410000001, Hydra v2\.2\.0, and 20241129111700000000, Hydra v2\.3\.0\)/,
    );
    assert.match(refusal([]), /no applied migration/);
  });
});
