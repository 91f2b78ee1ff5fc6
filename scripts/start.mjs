#!/usr/bin/env node
// `npm start`: the whole login and consent flow on one machine, on the embedded SQLite database
// (DSN=memory unless DSN is set):
//   Tessera          public API http://127.0.0.1:4444, admin API http://127.0.0.1:4445
//   reference app    login, consent and logout pages on http://127.0.0.1:3000
//   example client   http://127.0.0.1:4446, with an "Authorize application" link
// A demo client is created when missing; the one URL to open is printed at the end.
import { spawn } from 'node:child_process';

const PUBLIC = 'http://127.0.0.1:4444';
const ADMIN = 'http://127.0.0.1:4445';
const APP = 'http://127.0.0.1:3000';
const CLIENT_PORT = 4446;
const DEMO = {
  client_id: 'demo-client',
  client_secret: 'demo-client-secret',
  client_name: 'Tessera demo client',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scope: 'openid offline offline_access email profile',
  redirect_uris: [`http://127.0.0.1:${CLIENT_PORT}/callback`],
  post_logout_redirect_uris: [`http://127.0.0.1:${CLIENT_PORT}/`],
};

const children = [];
function start(name, args, env = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk) => chunk.toString().split('\n').filter(Boolean).map((line) => `[${name}] ${line}\n`).join('');
  child.stdout.on('data', (chunk) => process.stdout.write(prefix(chunk)));
  child.stderr.on('data', (chunk) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${code}); stopping everything.\n`);
      stop(1);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function ensureDemoClient() {
  const existing = await fetch(`${ADMIN}/admin/clients/${DEMO.client_id}`);
  if (existing.status === 200) return 'kept';
  const created = await fetch(`${ADMIN}/admin/clients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) });
  if (created.status !== 201) throw new Error(`creating the demo client: ${created.status} ${await created.text()}`);
  return 'created';
}

async function main() {
  start('tessera', ['dist/src/cli/main.js', 'serve', 'all', '--dev'], {
    DSN: process.env.DSN ?? 'memory',
    URLS_SELF_ISSUER: process.env.URLS_SELF_ISSUER ?? `${PUBLIC}/`,
    URLS_LOGIN: `${APP}/login`,
    URLS_CONSENT: `${APP}/consent`,
    URLS_LOGOUT: `${APP}/logout`,
    URLS_DEVICE_VERIFICATION: `${APP}/device`,
    URLS_DEVICE_SUCCESS: `${APP}/device/done`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  start('login-consent', ['dist/apps/login-consent/main.js'], { HYDRA_ADMIN_URL: ADMIN, HYDRA_PUBLIC_URL: PUBLIC, PORT: '3000' });
  await waitFor(`${ADMIN}/health/ready`);
  const demo = await ensureDemoClient();
  start('example-client', [
    'dist/src/cli/main.js', 'perform', 'authorization-code',
    '--endpoint', PUBLIC, '--client-id', DEMO.client_id, '--client-secret', DEMO.client_secret,
    '--port', String(CLIENT_PORT), '--scope', 'openid,offline,email,profile', '--no-open', '--no-shutdown',
  ]);
  await waitFor(`http://127.0.0.1:${CLIENT_PORT}/`);
  process.stdout.write(
    [
      '',
      `Tessera is running (DSN=${process.env.DSN ? 'from your environment' : 'memory: everything is lost at exit'}); demo client ${demo}.`,
      '',
      `  Open http://127.0.0.1:${CLIENT_PORT}/ and click "Authorize application".`,
      '  Sign in as foo@bar.com with the password foobar, allow the scopes, and the tokens are shown.',
      '',
      `  Discovery: ${PUBLIC}/.well-known/openid-configuration    Admin API: ${ADMIN}/admin/clients`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  stop(1);
});
