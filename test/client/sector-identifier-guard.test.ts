/**
 * sector_identifier_uri fetched at client registration (OpenID Connect Core §8.1, Hydra's
 * ValidateSectorIdentifierURL) through the outbound guard, over real HTTPS against a document
 * server on 127.0.0.1. Tessera runs as its own process trusting the test certificate through
 * NODE_EXTRA_CA_CERTS, as an operator trusts an internal CA. With
 * clients.http.disallow_private_ip_ranges off (the default) the document is fetched, redirects
 * included (Hydra's client follows them); with it on, a private address, `localhost`, ::1 and an
 * IPv4-mapped address are refused with Hydra's invalid_client_metadata hint, an exception URL is
 * fetched, and a redirect from the exception to a private URL is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { makeCertificate, type TestCertificate } from '../support/certificates.js';
import { migrateDatabase } from '../support/server.js';
import { hasStackTrace, serveTessera, type TesseraProcess } from '../support/process.js';
import { request } from '../support/http.js';

const SECRET = 'sector-guard-system-secret-0123456789';
const REDIRECT = 'https://rp.example/callback';

for (const dialect of testDialects()) {
  describe(`sector_identifier_uri under clients.http.disallow_private_ip_ranges on ${dialect}`, () => {
    let database: TestDatabase;
    let certificate: TestCertificate;
    let documents: Server;
    let base = '';
    const seen: string[] = [];
    let tessera: { server: TesseraProcess; adminUrl: string } | undefined;

    before(async () => {
      database = await createTestDatabase(dialect);
      await migrateDatabase(database.dsn);
      certificate = makeCertificate();
      documents = createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
        const path = req.url ?? '/';
        seen.push(path);
        if (path.endsWith('/sector.json')) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([REDIRECT]));
        else if (path === '/moved') res.writeHead(302, { location: '/sector.json' }).end();
        else if (path === '/allowed/moved') res.writeHead(302, { location: `${base}/sector.json` }).end();
        else res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
      base = `https://127.0.0.1:${(documents.address() as AddressInfo).port}`;
    });
    after(async () => {
      if (tessera) await tessera.server.stop();
      documents?.closeAllConnections();
      await new Promise<void>((resolve) => (documents ? documents.close(() => resolve()) : resolve()));
      certificate?.remove();
      await database?.drop();
    });

    async function serve(env: Record<string, string>): Promise<void> {
      if (tessera) await tessera.server.stop();
      tessera = await serveTessera(['all'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET, NODE_EXTRA_CA_CERTS: certificate.certPath, ...env });
    }

    const register = (sector: string) => request('POST', `${tessera!.adminUrl}/admin/clients`, { redirect_uris: [REDIRECT], sector_identifier_uri: sector });

    it('fetches the document on 127.0.0.1, through a redirect too, with the setting off (the default)', async () => {
      await serve({});
      const direct = await register(`${base}/sector.json`);
      assert.equal(direct.status, 201, JSON.stringify(direct.body));
      const moved = await register(`${base}/moved`);
      assert.equal(moved.status, 201, JSON.stringify(moved.body));
      assert.equal(moved.body.sector_identifier_uri, `${base}/moved`);
      assert.deepEqual(seen.splice(0), ['/sector.json', '/moved', '/sector.json']);
    });

    it('refuses private addresses with the setting on, fetches the exception, refuses its redirect to a private URL', async () => {
      // `**`: in Hydra's globs `*` stops at '.' and '/', so `/allowed/*` would not match sector.json.
      await serve({ CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true', CLIENTS_HTTP_PRIVATE_IP_EXCEPTION_URLS: JSON.stringify([`${base}/allowed/**`]) });
      const port = new URL(base).port;
      const cases: [string, string][] = [
        [`${base}/sector.json`, 'ip 127.0.0.1 is not a permitted destination'],
        [`https://localhost:${port}/sector.json`, `failed to resolve https://localhost:${port}/sector.json: lookup localhost: no such host`],
        [`https://[::1]:${port}/sector.json`, 'ip ::1 is not a permitted destination'],
        [`https://[::ffff:127.0.0.1]:${port}/sector.json`, 'ip ::ffff:7f00:1 is not a permitted destination'],
      ];
      for (const [sector, reason] of cases) {
        const refused = await register(sector);
        assert.equal(refused.status, 400, sector);
        assert.equal(refused.body.error, 'invalid_client_metadata');
        assert.equal(refused.body.error_hint, `Client IP address is not allowed: key sector_identifier_uri validation is failing: ${reason}`);
      }
      const excepted = await register(`${base}/allowed/sector.json`);
      assert.equal(excepted.status, 201, JSON.stringify(excepted.body));

      const redirected = await register(`${base}/allowed/moved`);
      assert.equal(redirected.status, 400);
      assert.equal(redirected.body.error, 'invalid_client_metadata');
      assert.equal(redirected.body.error_hint, 'The document at sector_identifier_uri could not be fetched as JSON: dial tcp: no route to host');

      const update = await request('PUT', `${tessera!.adminUrl}/admin/clients/${excepted.body.client_id}`, { redirect_uris: [REDIRECT], sector_identifier_uri: `${base}/sector.json` });
      assert.equal(update.status, 400, 'an update is judged as a creation');
      assert.match(update.body.error_hint, /^Client IP address is not allowed: key sector_identifier_uri/);
      assert.deepEqual(seen.splice(0), ['/allowed/sector.json', '/allowed/moved'], 'nothing else reached the document server');
      assert.ok(!hasStackTrace(tessera!.server.output()), tessera!.server.output());
    });
  });
}
