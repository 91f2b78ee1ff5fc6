import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpsGet, makeCertificate, type TestCertificate } from '../support/certificates.js';
import { InProcessServers } from '../support/serve-in-process.js';

const servers = new InProcessServers();
const start = servers.start.bind(servers);
const dir = servers.dir;
let certificate: TestCertificate;

function localhost(url: string): string {
  return url.replace('127.0.0.1', 'localhost');
}

before(async () => {
  await servers.prepare();
  certificate = makeCertificate();
});

after(() => {
  certificate.remove();
  servers.remove();
});

describe('TLS on the listeners', () => {
  it('serves HTTPS with serve.tls.cert/key given by path, on both listeners; discovery trusts the test CA', async () => {
    const server = await start({ SERVE_TLS_CERT_PATH: certificate.certPath, SERVE_TLS_KEY_PATH: certificate.keyPath });
    try {
      assert.match(server.publicUrl!, /^https:\/\//);
      assert.match(server.adminUrl!, /^https:\/\//);
      const discovery = await httpsGet(`${localhost(server.publicUrl!)}/.well-known/openid-configuration`, certificate.certPem);
      assert.equal(discovery.status, 200);
      const doc = JSON.parse(discovery.body);
      assert.match(doc.issuer, /^https:\/\/localhost:\d+\/$/);
      assert.equal(doc.token_endpoint, `${doc.issuer}oauth2/token`);
      assert.equal((await httpsGet(`${server.adminUrl}/admin/health/ready`, certificate.certPem)).status, 200);
      // Plain HTTP on an HTTPS port is not served.
      await assert.rejects(fetch(`${server.publicUrl!.replace('https:', 'http:')}/health/alive`));
    } finally {
      await server.close();
    }
  });

  it('serves HTTPS with a per-listener certificate given as base64 (SERVE_PUBLIC_TLS_*_BASE64)', async () => {
    const server = await start(
      {
        SERVE_PUBLIC_TLS_CERT_BASE64: Buffer.from(certificate.certPem).toString('base64'),
        SERVE_PUBLIC_TLS_KEY_BASE64: Buffer.from(certificate.keyPem).toString('base64'),
      },
      {},
      'public',
    );
    try {
      const discovery = await httpsGet(`${localhost(server.publicUrl!)}/.well-known/openid-configuration`, certificate.certPem);
      assert.equal(discovery.status, 200);
      assert.ok(JSON.parse(discovery.body).jwks_uri.startsWith('https://localhost:'));
    } finally {
      await server.close();
    }
  });

  it('serves plain HTTP on a listener whose tls.enabled is false, even with a global certificate', async () => {
    const server = await start({ SERVE_TLS_CERT_PATH: certificate.certPath, SERVE_TLS_KEY_PATH: certificate.keyPath, SERVE_ADMIN_TLS_ENABLED: 'false' });
    try {
      assert.match(server.publicUrl!, /^https:\/\//);
      assert.match(server.adminUrl!, /^http:\/\//);
      assert.equal((await fetch(`${server.adminUrl}/admin/health/alive`)).status, 200);
      assert.equal((await httpsGet(`${localhost(server.publicUrl!)}/health/alive`, certificate.certPem)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('refuses to start without a certificate, TLS termination, --dev or --dangerous-force-http', async () => {
    await assert.rejects(start({}), (error: Error) => {
      assert.equal(error.name, 'StartupError');
      assert.match(error.message, /public API has no TLS certificate/);
      assert.match(error.message, /SERVE_TLS_CERT_PATH/);
      assert.match(error.message, /allow_termination_from/);
      assert.match(error.message, /--dangerous-force-http/);
      return true;
    });
    // serve.tls.enabled: true without a certificate is refused too (Hydra would self-sign one).
    await assert.rejects(start({ SERVE_TLS_ENABLED: 'true' }, { dev: true }), /no TLS certificate/);
    const forced = await start({ URLS_SELF_ISSUER: 'http://127.0.0.1:1/' }, { forceHttp: true });
    try {
      assert.match(forced.publicUrl!, /^http:\/\//);
      assert.equal((await fetch(`${forced.publicUrl}/health/alive`)).status, 200);
    } finally {
      await forced.close();
    }
  });

  it('names the key for a missing file, a bad PEM, a half pair or a key that does not match', async () => {
    const other = makeCertificate();
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'this is not PEM\n');
    try {
      await assert.rejects(start({ SERVE_TLS_CERT_PATH: join(dir, 'missing.pem'), SERVE_TLS_KEY_PATH: certificate.keyPath }), /serve\.tls\.cert\.path: unable to read .*missing\.pem: no such file/);
      await assert.rejects(start({ SERVE_TLS_CERT_PATH: junk, SERVE_TLS_KEY_PATH: certificate.keyPath }), /serve\.tls\.cert \/ serve\.tls\.key are not a usable TLS certificate/);
      await assert.rejects(start({ SERVE_TLS_CERT_PATH: certificate.certPath }), /serve\.tls\.key is not set/);
      await assert.rejects(start({ SERVE_ADMIN_TLS_CERT_BASE64: 'bm90IHBlbQ==', SERVE_ADMIN_TLS_KEY_PATH: certificate.keyPath }, {}, 'admin'), /serve\.admin\.tls\.cert\.base64 is not the base64 encoding of a PEM file/);
      await assert.rejects(start({ SERVE_TLS_CERT_PATH: certificate.certPath, SERVE_TLS_KEY_PATH: other.keyPath }), (error: Error) => {
        assert.match(error.message, /not a usable TLS certificate and private key/);
        assert.ok(!error.message.includes('PRIVATE KEY'), 'no key material in the message');
        return true;
      });
    } finally {
      other.remove();
    }
  });
});
