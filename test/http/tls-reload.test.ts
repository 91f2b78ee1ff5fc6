/**
 * Renewed certificates are served without a restart, as Hydra does for certificates given by path
 * (ory/x tlsx.GetCertificate watches the files and keeps the previous pair when a reload fails).
 * The files are replaced the way certbot and cert-manager do it, by renaming a new file over the
 * old one (a new inode); each check opens a new TLS connection and reads the served certificate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { makeCertificate, type TestCertificate } from '../support/certificates.js';
import { InProcessServers } from '../support/serve-in-process.js';

const servers = new InProcessServers();
let a: TestCertificate;
let b: TestCertificate;

before(async () => {
  await servers.prepare();
  [a, b] = [makeCertificate(), makeCertificate()];
});
after(() => {
  a.remove();
  b.remove();
  servers.remove();
});

/** The SHA-256 fingerprint of the certificate a new TLS connection to `url` is served. */
function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername: 'localhost', rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

const fingerprint = (certificate: TestCertificate) => new X509Certificate(certificate.certPem).fingerprint256;

/** Bounded: a reload that never happens fails the test instead of hanging it. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Writes `content` beside `path`, then renames it over `path`, as certificate managers do. */
function replaceByRename(path: string, content: Buffer | string): void {
  writeFileSync(`${path}.new`, content);
  renameSync(`${path}.new`, path);
}

const fsWatchers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap').length;

describe('TLS certificates reloaded when their files change', () => {
  it('serves the renamed-in certificate on both listeners, keeps it when a broken file follows, and leaves no watcher behind', { timeout: 90_000 }, async () => {
    const dir = join(servers.dir, 'tls');
    const [certPath, keyPath] = [join(dir, 'tls.crt'), join(dir, 'tls.key')];
    mkdirSync(dir);
    copyFileSync(a.certPath, certPath);
    copyFileSync(a.keyPath, keyPath);
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const watchersBefore = fsWatchers();

    const server = await servers.start({ SERVE_TLS_CERT_PATH: certPath, SERVE_TLS_KEY_PATH: keyPath }, { logger });
    const urls = [server.publicUrl!, server.adminUrl!];
    try {
      for (const url of urls) assert.equal(await servedFingerprint(url), fingerprint(a), url);

      // Renewal: key then certificate, each renamed over the old file.
      replaceByRename(keyPath, b.keyPem);
      replaceByRename(certPath, b.certPem);
      for (const url of urls) await eventually(`${url} to serve certificate B`, async () => (await servedFingerprint(url)) === fingerprint(b));
      assert.ok(lines.some((line) => line.msg.includes('Reloaded the TLS certificate of the public API')), JSON.stringify(lines));
      assert.ok(lines.some((line) => line.msg.includes('Reloaded the TLS certificate of the admin API')), JSON.stringify(lines));

      // A broken certificate file: an error naming the file, and B still served.
      replaceByRename(certPath, 'this is not a certificate\n');
      const failed = () => lines.filter((line) => line.level >= 50 && line.msg.includes('Failed to reload the TLS certificate'));
      await eventually('the failed reload to be logged for both listeners', () => failed().length >= 2);
      for (const line of failed()) {
        assert.ok(line.msg.includes(certPath), line.msg);
        assert.match(line.msg, /still serving the previous certificate/);
        assert.ok(!line.msg.includes('PRIVATE KEY') && !line.msg.includes(b.keyPem.split('\n')[1]!), 'no key material in the log');
      }
      for (const url of urls) assert.equal(await servedFingerprint(url), fingerprint(b), `${url} kept certificate B`);

      // Back to a good pair (A): served again.
      replaceByRename(keyPath, a.keyPem);
      replaceByRename(certPath, a.certPem);
      for (const url of urls) await eventually(`${url} to serve certificate A again`, async () => (await servedFingerprint(url)) === fingerprint(a));
      assert.ok(fsWatchers() > watchersBefore, 'the certificate directory is watched while serving');
    } finally {
      await server.close();
    }
    // A closed watcher's handle goes away once libuv has closed it, a tick or so later.
    await eventually('the file watchers to be closed', () => fsWatchers() === watchersBefore, 5_000).catch(() => undefined);
    assert.equal(fsWatchers(), watchersBefore, 'no file watcher is left after shutdown');
  });
});
