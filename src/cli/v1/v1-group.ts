/**
 * The command groups of Hydra v1 (`hydra clients ...`, `hydra keys ...`, later `hydra token ...`).
 * As in v1 the connection flags belong to the group, so they work before or after the
 * subcommand, and the endpoint defaults to HYDRA_ADMIN_URL (ORY_SDK_URL is read as well).
 */
import { Command } from 'commander';
import type { AdminClient } from '../admin-client.js';
import { addV1ConnectionOptions, adminClient } from '../flags/connection-options.js';
import { V1_ADMIN_ENDPOINT_ENV } from '../http/connection.js';

/** `envNames`: where the endpoint comes from when `--endpoint` is absent (v1 `token` used HYDRA_URL). */
export function v1Group(
  program: Command,
  name: string,
  description: string,
  envNames: readonly string[] = V1_ADMIN_ENDPOINT_ENV,
): Command {
  const existing = program.commands.find((command) => command.name() === name);
  if (existing) return existing;
  const group = new Command(name).description(description);
  addV1ConnectionOptions(group, envNames);
  program.addCommand(group);
  return group;
}

/** A v1 subcommand whose help also lists the group's connection flags. */
export function v1Command(name: string, description: string): Command {
  return new Command(name).description(description).configureHelp({ showGlobalOptions: true });
}

export function v1Admin(command: Command): AdminClient {
  return adminClient(command, V1_ADMIN_ENDPOINT_ENV, 'v1');
}

/** v1 printed resources as JSON indented with tabs (Go's json.MarshalIndent(v, "", "\t")). */
export function printV1Json(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, '\t')}\n`);
}
