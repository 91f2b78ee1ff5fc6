import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';

const base = { DSN: 'memory', SECRETS_SYSTEM: 'socket-mode-test-secret-0123' };

function adminMode(env: Record<string, string>): number {
  return loadConfig({ env: { ...base, ...env }, dev: true }).config.serve.admin.socket.mode;
}

describe('serve.*.socket.mode', () => {
  it('reads octal digits as chmod does: 770 and "0770" are rwxrwx---, the default is 0755', () => {
    assert.equal(adminMode({ SERVE_ADMIN_SOCKET_MODE: '770' }), 0o770);
    assert.equal(adminMode({ SERVE_ADMIN_SOCKET_MODE: '0770' }), 0o770);
    assert.equal(adminMode({ SERVE_ADMIN_SOCKET_MODE: '600' }), 0o600);
    assert.equal(adminMode({}), 0o755);
    assert.equal(loadConfig({ env: base, dev: true }).config.serve.public.socket.mode, 0o755);
  });

  it('takes an integer with an 8 or a 9 as the bits themselves (493 is 0755), and refuses what is no mode', () => {
    assert.equal(adminMode({ SERVE_ADMIN_SOCKET_MODE: '493' }), 0o755);
    assert.throws(() => adminMode({ SERVE_ADMIN_SOCKET_MODE: '699' }), /serve\.admin\.socket\.mode: value "699" is not a Unix permission mode/);
    assert.throws(() => adminMode({ SERVE_ADMIN_SOCKET_MODE: 'rwx' }), /serve\.admin\.socket\.mode/);
    assert.throws(() => adminMode({ SERVE_ADMIN_SOCKET_MODE: '1777' }), /serve\.admin\.socket\.mode/);
  });
});
