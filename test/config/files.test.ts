import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const SECRET = 'a-system-secret-of-32-characters';

describe('config files (YAML and JSON, as Hydra -c)', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a YAML file the way Hydra quickstart writes it', () => {
    const yaml = file(
      'hydra.yml',
      [
        'serve:',
        '  cookies:',
        '    same_site_mode: Lax',
        'urls:',
        '  self:',
        '    issuer: http://127.0.0.1:4444',
        '  consent: http://127.0.0.1:3000/consent',
        '  login: http://127.0.0.1:3000/login',
        'secrets:',
        '  system:',
        `    - ${SECRET}`,
        'oidc:',
        '  subject_identifiers:',
        '    supported_types: [pairwise, public]',
        '    pairwise:',
        '      salt: youReallyNeedToChangeThis',
        'ttl:',
        '  access_token: 2h',
      ].join('\n'),
    );
    const { config } = loadConfig({ files: [yaml], env: {} });
    assert.equal(config.serve.cookies.same_site_mode, 'Lax');
    assert.equal(config.urls.login, 'http://127.0.0.1:3000/login');
    assert.deepEqual(config.secrets.system, [SECRET]);
    assert.equal(config.ttl.access_token, '2h');
    assert.equal(config.ttl.refresh_token, '720h', 'defaults fill what the file leaves out');
    assert.deepEqual(config.oidc.subject_identifiers.supported_types, ['pairwise', 'public']);
  });

  it('reads a JSON file', () => {
    const json = file('tessera.json', JSON.stringify({ dsn: 'memory', serve: { public: { port: 5444 } }, secrets: { system: [SECRET] } }));
    const { config } = loadConfig({ files: [json], env: {} });
    assert.equal(config.dsn, 'memory');
    assert.equal(config.serve.public.port, 5444);
  });

  it('lets a later file override an earlier one, key by key', () => {
    const base = file('base.yml', `serve:\n  public:\n    port: 5444\n  admin:\n    port: 5445\nsecrets:\n  system: [${SECRET}]\n`);
    const override = file('override.json', JSON.stringify({ serve: { admin: { port: 6445 } } }));
    const { config } = loadConfig({ files: [base, override], env: {} });
    assert.equal(config.serve.public.port, 5444);
    assert.equal(config.serve.admin.port, 6445);
  });

  it('lets the environment override a file (file < env)', () => {
    const yaml = file('env.yml', `serve:\n  public:\n    port: 5444\nttl:\n  access_token: 2h\nsecrets:\n  system: [${SECRET}]\n`);
    const { config } = loadConfig({ files: [yaml], env: { SERVE_PUBLIC_PORT: '7444' } });
    assert.equal(config.serve.public.port, 7444);
    assert.equal(config.ttl.access_token, '2h');
  });

  it('tolerates an empty section (YAML null) followed by a file that fills it', () => {
    const empty = file('empty.yml', 'serve:\nsecrets:\n  system:\n    - ' + SECRET + '\n');
    const full = file('full.yml', 'serve:\n  public:\n    port: 5444\n');
    assert.equal(loadConfig({ files: [empty], env: {} }).config.serve.public.port, 4444);
    assert.equal(loadConfig({ files: [empty, full], env: {} }).config.serve.public.port, 5444);
  });

  it('refuses an unknown or misspelt key in a file, naming it', () => {
    const typo = file('typo.yml', `secrets:\n  system: [${SECRET}]\nserve:\n  public:\n    prot: 4444\nttl:\n  acess_token: 1h\n`);
    assert.throws(() => loadConfig({ files: [typo], env: {} }), (error: Error) => {
      assert.match(error.message, /serve\.public\.prot: is not a known configuration key/);
      assert.match(error.message, /ttl\.acess_token: is not a known configuration key/);
      return true;
    });
  });

  it('refuses a missing file, naming it', () => {
    const missing = join(dir, 'nope.yml');
    assert.throws(() => loadConfig({ files: [missing], env: {} }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /nope\.yml/);
      return true;
    });
  });

  it('refuses a file that is not YAML or JSON, or not an object', () => {
    const broken = file('broken.yml', 'serve: [unclosed\n');
    assert.throws(() => loadConfig({ files: [broken], env: {} }), /broken\.yml is not valid YAML or JSON/);
    const list = file('list.yml', '- a\n- b\n');
    assert.throws(() => loadConfig({ files: [list], env: {} }), /list\.yml .*top level must be an object/);
  });
});
