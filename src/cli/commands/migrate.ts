/**
 * `migrate sql [up|down|status] [dsn]` and v1's `migrate sql --yes DSN`. The DSN comes from the
 * argument, or with -e from the DSN variable, or from a config file's `dsn`. Migrations never
 * run without --yes (or a "y" typed at a terminal): "For safety's sake" (seed guide).
 */
import { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { parseDsn, redact } from '../../persistence/dsn.js';
import type { Migrator } from '../../persistence/migrator.js';
import { checkReachable } from '../../persistence/unavailable.js';
import { CliError, reportAndExit } from '../fail.js';
import { configFiles, configOption } from './config-option.js';

interface MigrateOptions {
  readFromEnv?: boolean;
  yes?: boolean;
  config?: string[];
  steps?: string;
}

const ACTIONS = new Set(['up', 'down', 'status']);

export function migrateCommand(): Command {
  // `-c` is also taken before the subcommand, as Hydra's quickstart writes it: `migrate -c hydra.yml sql -e --yes`.
  const migrate = new Command('migrate').description('Various migration helpers').addOption(configOption());
  migrate
    .command('sql')
    .description('Create, upgrade or inspect the SQL schema: migrate sql [up|down|status] [dsn]')
    .argument('[args...]', 'up, down or status (default up), then the DSN unless -e is given')
    .option('-e, --read-from-env', 'Read the DSN from the DSN environment variable')
    .option('-y, --yes', 'Apply without asking')
    .addOption(configOption())
    .option('--steps <n>', 'How many migrations "down" reverts', '1')
    .action(async (args: string[], _options: MigrateOptions, command: Command) => {
      const action = ACTIONS.has(args[0] ?? '') ? args.shift()! : 'up';
      await run(action, args[0], withConfig(command)).catch(reportAndExit);
    });
  migrate
    .command('status')
    .description('Show which migrations are applied')
    .argument('[dsn]')
    .option('-e, --read-from-env', 'Read the DSN from the DSN environment variable')
    .addOption(configOption())
    .action(async (dsn: string | undefined, _options: MigrateOptions, command: Command) => {
      await run('status', dsn, withConfig(command)).catch(reportAndExit);
    });
  return migrate;
}

function withConfig(command: Command): MigrateOptions {
  return { ...command.opts<MigrateOptions>(), config: configFiles(command) };
}

export async function resolveDsn(argument: string | undefined, options: MigrateOptions): Promise<string> {
  if (argument) return argument;
  if (options.readFromEnv && process.env.DSN) return process.env.DSN;
  if (options.config?.length) {
    const fileDsn = await loadRawDsn(options.config);
    if (fileDsn) return fileDsn;
  }
  if (options.readFromEnv) throw new CliError('-e was given but the DSN environment variable is not set.');
  throw new CliError('No DSN: pass it as an argument, or use -e to read the DSN environment variable.');
}

async function loadRawDsn(files: string[]): Promise<string | undefined> {
  // Loaded on use (as the database layer below): the CLI's other commands start without them.
  const { loadConfig } = await import('../../config/load.js');
  // secrets are irrelevant to migrations; --dev keeps their absence from failing the load.
  return loadConfig({ files, dev: true, env: { DSN: process.env.DSN } }).config.dsn;
}

async function run(action: string, argument: string | undefined, options: MigrateOptions): Promise<void> {
  const dsn = parseDsn(await resolveDsn(argument, options));
  if (dsn.memory) throw new CliError('DSN=memory is migrated automatically by "serve all"; there is nothing to migrate.');
  const [{ openDatabase }, { Migrator }] = await Promise.all([import('../../persistence/database.js'), import('../../persistence/migrator.js')]);
  // An operator command: its statements may wait on a lock or run long, unlike a request.
  const database = openDatabase(dsn, { queryTimeoutMs: 0 });
  try {
    await checkReachable(database, dsn.redacted);
    const migrator = new Migrator(database);
    if (action === 'status') return await printStatus(migrator);
    if (action === 'down') return await applyDown(migrator, Number(options.steps ?? '1'), options.yes ?? false);
    return await applyUp(migrator, options.yes ?? false, dsn.redacted);
  } finally {
    await database.close();
  }
}

async function printStatus(migrator: Migrator): Promise<void> {
  const rows = await migrator.status();
  const width = Math.max(7, ...rows.map((r) => r.version.length));
  process.stdout.write(`${'Version'.padEnd(width)}  Status\n`);
  for (const row of rows) process.stdout.write(`${row.version.padEnd(width)}  ${row.applied ? 'Applied' : 'Pending'}\n`);
  if (rows.every((r) => r.applied)) process.stdout.write('The database schema is up to date.\n');
}

async function applyUp(migrator: Migrator, yes: boolean, shown: string): Promise<void> {
  const pending = await migrator.pending();
  if (pending.length === 0) {
    process.stdout.write('All migrations are already applied; nothing to do.\n');
    return;
  }
  process.stdout.write(`Database: ${shown}\nPending migrations:\n${pending.map((m) => `  ${m.version}\n`).join('')}`);
  if (!yes && !(await confirm('Do you want to apply the migrations above? [y/n]: '))) {
    throw new CliError('Migrations were not applied. Run again with --yes to apply them without asking.');
  }
  const applied = await migrator.up();
  process.stdout.write(
    applied.length === 0
      ? 'Another process applied them meanwhile; the database schema is up to date.\n'
      : `Successfully applied ${applied.length} migration(s).\n`,
  );
}

async function applyDown(migrator: Migrator, steps: number, yes: boolean): Promise<void> {
  if (!Number.isInteger(steps) || steps < 1) throw new CliError('--steps must be a whole number of at least 1.');
  if (!yes && !(await confirm(`Revert the newest ${steps} migration(s)? This drops data. [y/n]: `))) {
    throw new CliError('Nothing was reverted. Run again with --yes to revert without asking.');
  }
  const reverted = await migrator.down(steps);
  process.stdout.write(
    reverted.length === 0 ? 'No migration is applied; nothing to revert.\n' : `Reverted: ${reverted.join(', ')}\n`,
  );
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
