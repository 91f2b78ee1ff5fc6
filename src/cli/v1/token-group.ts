/**
 * The v1 `token` group. Besides the connection flags every v1 group has, v1's cmd/token.go gave
 * it `--fail-after` (a retry deadline that no v1 token command used) and `--skip-tls-verify`,
 * which the root command already takes. The endpoint variable shown is HYDRA_URL, the one the
 * public commands read; each subcommand resolves its own (see ../flags/token-connection.ts).
 */
import { Option, type Command } from 'commander';
import { v1Group } from './v1-group.js';

export function v1TokenGroup(program: Command): Command {
  const group = v1Group(program, 'token', 'Issue and manage OAuth 2.0 tokens (Hydra v1 syntax)', ['HYDRA_URL']);
  if (!group.options.some((option) => option.long === '--fail-after')) {
    group.addOption(new Option('--fail-after <duration>', 'Accepted for compatibility; requests time out after 10 seconds'));
  }
  return group;
}
