import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { InProcessServers } from '../support/serve-in-process.js';

const servers = new InProcessServers();
before(() => servers.prepare());
after(() => servers.remove());

function statusOverSocket(socketPath: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve.admin.socket owner, group and mode', () => {
  it('applies an owner and group given by name or id, with the mode, and removes the file at close', async () => {
    const socket = join(servers.dir, 'owned.sock');
    const me = userInfo();
    const server = await servers.start(
      { SERVE_ADMIN_HOST: `unix:${socket}`, SERVE_ADMIN_SOCKET_OWNER: me.username, SERVE_ADMIN_SOCKET_GROUP: String(me.gid), SERVE_ADMIN_SOCKET_MODE: '0700' },
      { dev: true },
      'admin',
    );
    try {
      assert.equal(server.adminUrl, `unix:${socket}`);
      const stat = statSync(socket);
      assert.ok(stat.isSocket());
      assert.equal(stat.mode & 0o777, 0o700);
      assert.equal(stat.uid, me.uid);
      assert.equal(stat.gid, me.gid);
      assert.equal(await statusOverSocket(socket, '/admin/health/ready'), 200);
    } finally {
      await server.close();
    }
    assert.ok(!existsSync(socket), 'removed at close');
  });

  it('refuses an unknown owner with a clear error and leaves no socket behind', async () => {
    const socket = join(servers.dir, 'unknown-owner.sock');
    await assert.rejects(
      servers.start({ SERVE_ADMIN_HOST: `unix:${socket}`, SERVE_ADMIN_SOCKET_OWNER: 'no-such-user-tessera' }, { dev: true }, 'admin'),
      /socket unix:.*unknown-owner\.sock: no user named "no-such-user-tessera"/,
    );
    assert.ok(!existsSync(socket));
  });

  it('serves a socket outside --dev without a certificate: a UNIX socket is never TLS (as Hydra)', async () => {
    const socket = join(servers.dir, 'prod.sock');
    const server = await servers.start({ SERVE_ADMIN_HOST: `unix:${socket}`, SERVE_TLS_ALLOW_TERMINATION_FROM: '10.0.0.0/8' }, {}, 'admin');
    try {
      assert.equal(await statusOverSocket(socket, '/admin/clients'), 200);
    } finally {
      await server.close();
    }
  });
});
