/**
 * `janitor [dsn]` with Hydra's flags (cmd/janitor.go, cmd/cli/handler_janitor.go): cleans the
 * database directly, so like migrate it needs the DSN (argument, -e for $DSN, or -c config),
 * not the admin API. At least one of --tokens, --requests or --grants is required. Unlike Hydra,
 * a --batch-size above --limit is not refused: the last batch is simply cut to the limit.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { parseDsn } from '../../persistence/dsn.js';
import { checkReachable } from '../../persistence/unavailable.js';
import { DEFAULT_AUTHENTICATION_SESSION_MS, janitorTargets, runJanitor, type JanitorTarget } from '../../janitor/janitor.js';
import { CliError, reportAndExit } from '../fail.js';
import { configFiles, configOption } from './config-option.js';
import { resolveDsn } from './migrate.js';

interface JanitorFlags {
  keepIfYounger: number;
  tokens?: boolean;
  requests?: boolean;
  grants?: boolean;
  limit: number;
  batchSize: number;
  readFromEnv?: boolean;
}

const KINDS = ['tokens', 'requests', 'grants'] as const;
/** Hydra's names for what each flag cleans, as its output prints them. */
const LABELS = { tokens: 'tokens', requests: 'login-consent requests', grants: 'grants' } as const;

export function janitorCommand(): Command {
  return new Command('janitor')
    .description('Clean the database of expired and revoked tokens, login/consent requests and grants')
    .argument('[dsn]', 'the database URL, unless -e or -c is given')
    .addOption(new Option('--keep-if-younger <duration>', 'Keep rows younger than this, e.g. 1s, 1m, 24h').default(0, '0s').argParser(duration))
    .addOption(new Option('--access-lifespan <duration>', 'Accepted for Hydra compatibility; each token stores its own expiry').argParser(duration))
    .addOption(new Option('--refresh-lifespan <duration>', 'Accepted for Hydra compatibility; each token stores its own expiry').argParser(duration))
    .addOption(new Option('--consent-request-lifespan <duration>', 'Accepted for Hydra compatibility').argParser(duration))
    .option('--tokens', 'Remove expired and revoked tokens')
    .option('--requests', 'Remove expired login and consent requests')
    .option('--grants', 'Remove expired trust relationships')
    .addOption(new Option('--limit <n>', 'Remove at most this many rows of each kind').default(10000).argParser(count))
    .addOption(new Option('--batch-size <n>', 'Rows removed per statement').default(100).argParser(count))
    .option('-e, --read-from-env', 'Read the DSN from the DSN environment variable')
    .addOption(configOption())
    .action(async (dsnArgument: string | undefined, flags: JanitorFlags, self: Command) => {
      await run(dsnArgument, flags, configFiles(self)).catch(reportAndExit);
    });
}

async function run(dsnArgument: string | undefined, flags: JanitorFlags, config: string[]): Promise<void> {
  if (!dsnArgument && !flags.readFromEnv && config.length === 0) {
    throw new CliError(
      'A DSN is required as a positional argument when not passing any of the following flags:\n' +
        '- Using the environment variable with flag -e, --read-from-env\n- Using the config file with flag -c, --config',
    );
  }
  const kinds = KINDS.filter((kind) => flags[kind]);
  if (kinds.length === 0) throw new CliError('Janitor requires at least one of --tokens, --requests or --grants to be set.');
  const dsn = parseDsn(await resolveDsn(dsnArgument, { readFromEnv: flags.readFromEnv, config }));
  if (dsn.memory) throw new CliError('DSN=memory keeps nothing beyond one process; the janitor cleans a persistent database.');
  // Loaded on use: the CLI's other commands start without the database drivers.
  const { openDatabase } = await import('../../persistence/database.js');
  // An operator command: its statements may wait on a lock or run long, unlike a request.
  const database = openDatabase(dsn, { queryTimeoutMs: 0 });
  const tty = process.stderr.isTTY;
  try {
    await checkReachable(database, dsn.redacted);
    for (const kind of kinds) {
      const targets: JanitorTarget[] = janitorTargets(await authenticationSessionMs(flags, config))[kind];
      if (targets.length === 0) process.stdout.write(`Tessera stores no ${LABELS[kind]} yet; nothing to remove.\n`);
      for (const target of targets) {
        const deleted = await runJanitor(database, [target], {
          keepIfYoungerMs: flags.keepIfYounger,
          limit: flags.limit,
          batchSize: flags.batchSize,
          now: Date.now,
          onProgress: tty ? (name, n) => process.stderr.write(`\rRemoving ${name}: ${n}`) : undefined,
        }).catch((error: unknown) => {
          const message = (error as Error).message;
          // SQLite, PostgreSQL and MySQL each word a missing table differently.
          const hint = /no such table|does not exist|doesn't exist/i.test(message) ? ' (is the database migrated? Run `migrate sql up`.)' : '';
          throw new CliError(`Could not cleanup inactive ${target.name}: ${message}${hint}`);
        });
        if (tty) process.stderr.write('\n');
        process.stdout.write(`Removed ${deleted[target.name] ?? 0} ${target.name}.\n`);
        process.stdout.write(`Successfully completed Janitor run on ${target.name}\n`);
      }
    }
  } finally {
    await database.close();
  }
}

function duration(value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms < 0) throw new TypeError(`"${value}" is negative`);
    return ms;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Values for --limit and --batch-size should both be greater than 0.');
  return n;
}

/**
 * ttl.authentication_session from the configuration the janitor was pointed at (-c files, and the
 * environment under -e), as the server sees it: how long a revoked login's cookies can outlive it.
 */
async function authenticationSessionMs(flags: JanitorFlags, files: string[]): Promise<number> {
  if (files.length === 0 && !flags.readFromEnv) return DEFAULT_AUTHENTICATION_SESSION_MS;
  const { loadConfig } = await import('../../config/load.js');
  const { config } = loadConfig({ files, dev: true, env: flags.readFromEnv ? process.env : {} });
  return parseDuration(config.ttl.authentication_session);
}
