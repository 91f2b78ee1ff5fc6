/**
 * `janitor [dsn]` with Hydra's flags: cleans the database directly (like migrate, it needs the
 * DSN, not the admin API). At least one of --tokens, --requests or --grants is required.
 */
import { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { openDatabase } from '../../persistence/database.js';
import { parseDsn } from '../../persistence/dsn.js';
import { inactiveAccessTokens, runJanitor, type JanitorTarget } from '../../janitor/janitor.js';
import { CliError, reportAndExit } from '../fail.js';
import { resolveDsn } from './migrate.js';

interface JanitorFlags {
  keepIfYounger: string;
  tokens?: boolean;
  requests?: boolean;
  grants?: boolean;
  limit: string;
  batchSize: string;
  readFromEnv?: boolean;
  config?: string[];
}

export function janitorCommand(): Command {
  return new Command('janitor')
    .description('Clean the database of expired and inactive tokens, login/consent requests and grants')
    .argument('[dsn]')
    .option('--keep-if-younger <duration>', 'Keep rows younger than this, e.g. 24h', '0s')
    .option('--access-lifespan <duration>', 'Accepted for Hydra compatibility; expiry is stored per token')
    .option('--refresh-lifespan <duration>', 'Accepted for Hydra compatibility; expiry is stored per token')
    .option('--consent-request-lifespan <duration>', 'Accepted for Hydra compatibility')
    .option('--tokens', 'Remove expired and revoked tokens')
    .option('--requests', 'Remove expired login and consent requests')
    .option('--grants', 'Remove expired trust relationships')
    .option('--limit <n>', 'Stop after this many rows per kind', '10000')
    .option('--batch-size <n>', 'Rows removed per statement', '100')
    .option('-e, --read-from-env', 'Read the DSN from the DSN environment variable')
    .option('-c, --config <files...>', 'Config files holding dsn')
    .action(async (dsnArgument: string | undefined, flags: JanitorFlags) => {
      await run(dsnArgument, flags).catch(reportAndExit);
    });
}

async function run(dsnArgument: string | undefined, flags: JanitorFlags): Promise<void> {
  if (!flags.tokens && !flags.requests && !flags.grants) {
    throw new CliError('Janitor needs at least one of --tokens, --requests or --grants.');
  }
  const limit = positiveInteger('--limit', flags.limit);
  const batchSize = positiveInteger('--batch-size', flags.batchSize);
  let keepIfYoungerMs: number;
  try {
    keepIfYoungerMs = parseDuration(flags.keepIfYounger);
  } catch (error) {
    throw new CliError(`--keep-if-younger: ${(error as Error).message}`);
  }
  const targets: JanitorTarget[] = [];
  if (flags.tokens) targets.push(inactiveAccessTokens);
  const database = openDatabase(parseDsn(resolveDsn(dsnArgument, flags)));
  const tty = process.stderr.isTTY;
  try {
    const deleted = await runJanitor(database, targets, {
      keepIfYoungerMs,
      limit,
      batchSize,
      now: Date.now,
      onProgress: tty ? (name, count) => process.stderr.write(`\rRemoving ${name}: ${count}`) : undefined,
    });
    if (tty) process.stderr.write('\n');
    for (const [name, count] of Object.entries(deleted)) process.stdout.write(`Removed ${count} ${name}.\n`);
    process.stdout.write('Janitor finished.\n');
  } finally {
    await database.close();
  }
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a whole number of at least 1, not "${value}".`);
  return n;
}
