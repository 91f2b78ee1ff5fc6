#!/usr/bin/env node
// `npm start`: Tessera on the embedded SQLite default (DSN=memory unless DSN is set), in --dev
// mode, with the public API on 4444 and the admin API on 4445; prints what to open.
import { spawn } from 'node:child_process';

const env = {
  DSN: 'memory',
  URLS_SELF_ISSUER: 'http://127.0.0.1:4444/',
  ...process.env,
};
const child = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', 'all', '--dev'], {
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
});
let announced = false;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && chunk.toString().includes('Admin API ready')) {
    announced = true;
    process.stdout.write(
      [
        '',
        'Tessera is running (DSN=' + (env.DSN === 'memory' ? 'memory: everything is lost at exit' : 'from your environment') + ').',
        '  Open:      http://127.0.0.1:4444/.well-known/openid-configuration',
        '  Admin API: http://127.0.0.1:4445/admin/clients',
        '  Try:       npx tessera create oauth2-client --endpoint http://127.0.0.1:4445 --grant-type client_credentials',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
