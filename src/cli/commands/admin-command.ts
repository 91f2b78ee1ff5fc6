/**
 * What every v2 management command shares: the connection flags (`-e`, `-H`), the output flags
 * (`--format`, `-q`) and an admin API client built from them.
 */
import { Command } from 'commander';
import type { AdminClient } from '../admin-client.js';
import { addConnectionOptions, adminClient } from '../flags/connection-options.js';
import { ADMIN_ENDPOINT_ENV } from '../http/connection.js';
import { CliError } from '../fail.js';
import { addFormatOptions, outputFormat, type OutputFormat } from '../output/format.js';

export function adminCommand(name: string, description: string): Command {
  const command = new Command(name).description(description);
  addConnectionOptions(command, ADMIN_ENDPOINT_ENV);
  addFormatOptions(command);
  return command;
}

export interface Session {
  admin: AdminClient;
  format: OutputFormat;
}

/** The format is checked first, so that a typo in it cannot follow a request that changed something. */
export function sessionFor(command: Command): Session {
  const format = outputFormat(command);
  return { format, admin: adminClient(command, ADMIN_ENDPOINT_ENV, 'v2') };
}

/** Reports one failure of a multi-item command on stderr and marks the run as failed. */
export function reportPartialFailure(item: string, error: unknown): void {
  // Only expected failures (refused requests, unreachable server) let the other items go on.
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(`${item}: ${error.message}\n`);
  process.exitCode = 1;
}
