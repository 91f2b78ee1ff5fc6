/**
 * src/config/config-validator.generated.ts is Ajv's standalone code for schema.ts
 * (scripts/config-validator.mjs): a schema change without regenerating it would validate
 * configurations against the old schema, so this fails until the file is regenerated.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const script = new URL('../../../scripts/config-validator.mjs', import.meta.url);

describe('the generated configuration validator', () => {
  it('is the one scripts/config-validator.mjs generates from the current schema', async () => {
    const generator = (await import(script.href)) as { generatedSource(): Promise<string>; GENERATED_PATH: string };
    const current = readFileSync(generator.GENERATED_PATH, 'utf8');
    assert.ok(current === (await generator.generatedSource()), 'stale: run npm run generate:config-validator');
  });
});
