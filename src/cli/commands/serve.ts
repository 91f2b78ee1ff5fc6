import { Command } from 'commander';
import type { ServeMode } from '../../server.js';
import { reportAndExit } from '../fail.js';
import { configFiles, configOption } from './config-option.js';
import { bootstrapRootClient, parseRootCredentials, ROOT_CLIENT_ENV } from '../../http/admin-auth/root-client.js';

const DESCRIPTIONS: Record<ServeMode, string> = {
  all: 'Serve both the public and the admin API in one process (recommended)',
  public: 'Serve the public API only (port 4444 by default)',
  admin: 'Serve the admin API only (port 4445 by default)',
};

export function serveCommand(): Command {
  const serve = new Command('serve')
    .description('Parent command for starting the public and administrative HTTP APIs')
    .addOption(configOption());
  for (const mode of ['all', 'public', 'admin'] as const) {
    serve
      .command(mode)
      .description(DESCRIPTIONS[mode])
      .addOption(configOption())
      .option('--dev', 'Development mode: plain HTTP URLs allowed, a secret generated when none is set')
      .option('--dangerous-force-http', 'Serve plain HTTP without TLS termination (as Hydra)')
      .option('--dangerous-allow-insecure-redirect-urls <urls...>', 'Accepted for Hydra compatibility')
      .option('--sqa-opt-out', 'Accepted for Hydra compatibility: Tessera sends no telemetry')
      .option('--disable-telemetry', 'Accepted for Hydra compatibility: Tessera sends no telemetry')
      .option('--dangerous-auto-logon', 'Accepted for Hydra v0 compatibility: ignored (no automatic login exists)')
      .action(async (options, command: Command) => {
        try {
          // A malformed FORCE_ROOT_CLIENT_CREDENTIALS stops the start before anything listens.
          if (process.env[ROOT_CLIENT_ENV]) parseRootCredentials(process.env[ROOT_CLIENT_ENV]);
          // Loaded here, not at the top: every other command of this binary starts without the
          // server, its database drivers and its HTTP stack (about a second of CPU at each run).
          const { closeOnSignals, startServer } = await import('../../server.js');
          const server = await startServer(mode, {
            files: configFiles(command),
            dev: Boolean(options.dev),
            forceHttp: Boolean(options.dangerousForceHttp),
          });
          await bootstrapRootClient(server.registry, process.env).catch(async (error) => {
            await server.close();
            throw error;
          });
          const log = server.registry.logger;
          closeOnSignals(server, log);
          if (server.publicUrl) log.info(`Public API ready: ${server.publicUrl}/.well-known/openid-configuration`);
          if (server.adminUrl) log.info(`Admin API ready: ${server.adminUrl}/admin/clients`);
        } catch (error) {
          reportAndExit(error);
        }
      });
  }
  return serve;
}
