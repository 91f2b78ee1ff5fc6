/**
 * `node dist/apps/login-consent/main.js`: the app on PORT (3000) against HYDRA_ADMIN_URL
 * (http://127.0.0.1:4445), the variables of hydra-login-consent-node.
 */
import { readConfig } from './config.js';
import { startLoginConsentApp } from './server.js';
import { DEMO_EMAIL, DEMO_PASSWORD } from './demo-account.js';

async function main(): Promise<void> {
  const config = readConfig();
  const app = await startLoginConsentApp(config);
  process.stdout.write(
    `Login and consent app on ${app.url} (admin API: ${config.hydraAdminUrl})\n` +
      `Demo account: ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n`,
  );
  const stop = () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`login-consent: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
