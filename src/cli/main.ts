#!/usr/bin/env node
/**
 * The `tessera` (and `hydra`) command. `serve` and `migrate` run in this process; every other
 * command talks to a running server over its HTTP API, never to the internals.
 */
import { basename } from 'node:path';
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { serveCommand } from './commands/serve.js';
import { migrateCommand } from './commands/migrate.js';
import { janitorCommand } from './commands/janitor.js';
import { reportAndExit } from './fail.js';

const invokedAs = basename(process.argv[1] ?? 'tessera').replace(/\.js$/, '');
const name = invokedAs === 'hydra' ? 'hydra' : 'tessera';

const program = new Command(name)
  .description('Run and manage Tessera, an OAuth 2.0 and OpenID Connect server compatible with ORY Hydra')
  .option('--skip-tls-verify', 'Foolishly accept TLS certificates signed by unknown certificate authorities')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('version')
  .description("Display this binary's version")
  .action(() => {
    process.stdout.write(`Version:    ${VERSION}\nNode.js:    ${process.version}\n`);
  });
program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(janitorCommand());
// `serve` starts at every restart and every new replica: it skips the management commands'
// modules (their admin API clients, output printers, the Hydra import: about 100 files, read
// and compiled before anything listens). Any other invocation, help included, has them all.
const commandName = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (commandName !== 'serve') (await import('./management.js')).registerManagementCommands(program);

process.on('unhandledRejection', reportAndExit);
program.parseAsync(process.argv).catch(reportAndExit);
