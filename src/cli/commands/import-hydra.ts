/**
 * `import hydra --from <hydra DSN> [dsn]`: copies a Hydra (v2.0.0 or later) database's clients, keys, trust
 * relationships, live tokens, login sessions and consents into a migrated Tessera database (src/import/hydra/). The target DSN comes as the
 * other database commands take it (argument, -e for $DSN, or -c config); secrets.system from the
 * environment or -c, the same secrets Hydra ran with (Hydra sealed its keys under them). The
 * Hydra database is opened read-only and only read. Progress goes to stderr, the counts to stdout.
 */
import { Command } from 'commander';
import { parseDsn } from '../../persistence/dsn.js';
import { checkReachable } from '../../persistence/unavailable.js';
import { CliError, reportAndExit } from '../fail.js';
import { configFiles, configOption } from './config-option.js';
import { resolveDsn } from './migrate.js';

interface ImportFlags {
  from?: string;
  dryRun?: boolean;
  readFromEnv?: boolean;
}

export function importHydraCommand(): Command {
  return new Command('hydra')
    .description(
      'Copy clients, JSON Web Keys, trust relationships, live access and refresh tokens, authorization codes, login sessions and consents from an ORY Hydra v2.0.0 or later database (only read) into this Tessera database',
    )
    .argument('[dsn]', "Tessera's database URL, unless -e or -c is given")
    .requiredOption('--from <dsn>', "the Hydra database's URL (opened read-only)")
    .option('--dry-run', 'Report what would be copied and what cannot be, and write nothing')
    .option('-e, --read-from-env', 'Read the DSN from the DSN environment variable')
    .addOption(configOption())
    .action(async (dsnArgument: string | undefined, flags: ImportFlags, self: Command) => {
      await run(dsnArgument, flags, configFiles(self)).catch(reportAndExit);
    });
}

async function run(dsnArgument: string | undefined, flags: ImportFlags, files: string[]): Promise<void> {
  const from = parseDsn(flags.from!);
  const to = parseDsn(await resolveDsn(dsnArgument, { readFromEnv: flags.readFromEnv, config: files }));
  if (from.memory || to.memory)
    throw new CliError('DSN=memory holds nothing beyond one process: import from and into a persistent database.');
  if (from.redacted === to.redacted)
    throw new CliError('--from and the target are the same database: import into a separate, migrated Tessera database.');
  // Loaded on use, as the other database commands do.
  const [{ loadConfig }, { Aead }, { openDatabase }, { Migrator }, { openHydraSource }, { importHydra }] =
    await Promise.all([
      import('../../config/load.js'),
      import('../../crypto/aead.js'),
      import('../../persistence/database.js'),
      import('../../persistence/migrator.js'),
      import('../../import/hydra/source.js'),
      import('../../import/hydra/import-hydra.js'),
    ]);
  // The keys Hydra sealed open only under the secrets.system it ran with.
  const { config } = loadConfig({ files, env: process.env });
  const aead = new Aead(config.secrets.system);
  const source = openHydraSource(from);
  const target = openDatabase(to, { queryTimeoutMs: 0 });
  try {
    await checkReachable(
      {
        ping: () =>
          source.db
            .selectNoFrom((eb) => eb.lit(1).as('one'))
            .execute()
            .then(() => undefined),
      },
      from.redacted,
    );
    await checkReachable(target, to.redacted);
    await new Migrator(target).assertCurrent();
    const verb = flags.dryRun ? 'Would copy' : 'Copied';
    const report = await importHydra(source, target, aead, {
      dryRun: Boolean(flags.dryRun),
      // The sub a pairwise client was given, for the logout notifications of imported sessions.
      ...(config.oidc.subject_identifiers.supported_types.includes('pairwise') && config.oidc.subject_identifiers.pairwise?.salt
        ? { pairwiseSalt: config.oidc.subject_identifiers.pairwise.salt }
        : {}),
      onProgress: (kind, done, total) => process.stderr.write(`Reading ${kind}: ${done}/${total}\n`),
    });
    const out: string[] = [`Hydra schema version: ${report.schemaVersion}`];
    for (const { kind, copied, present, finished, skipped, leftBehind } of report.counts) {
      const done = finished > 0 ? ` ${finished} finished in Hydra (nothing to carry over);` : '';
      const left = [...leftBehind].map(([reason, n]) => ` ${n} left behind: ${reason}.`).join('');
      out.push(`${verb} ${copied} ${kind.name}; ${present} already present;${done} ${skipped.length} cannot be copied.${left}`);
      for (const row of skipped) out.push(`Cannot copy ${kind.singular} ${row.id}: ${row.reason}.`);
    }
    if (flags.dryRun) out.push('Dry run: nothing was written.');
    out.push('The Hydra database was only read.');
    process.stdout.write(`${out.join('\n')}\n`);
    if (report.skipped.some((row) => row.failure) && !flags.dryRun) process.exitCode = 1;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
