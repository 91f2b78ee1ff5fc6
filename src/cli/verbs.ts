/**
 * The verbs of Hydra's v2 command tree (`hydra <verb> <noun>`). Nouns attach to a shared verb, so
 * later commands (`perform client-credentials`, `introspect token`, `delete access-tokens`, ...)
 * join the same parents instead of redefining them.
 */
import { Command } from 'commander';

const VERBS = {
  create: 'Create resources',
  get: 'Get resources',
  list: 'List resources',
  update: 'Update resources',
  delete: 'Delete resources',
  import: 'Import resources',
  perform: 'Perform OAuth 2.0 flows',
  introspect: 'Introspect resources',
  revoke: 'Revoke resources',
  rotate: 'Rotate secrets',
} as const;

export type Verb = keyof typeof VERBS;

export function verbCommand(program: Command, verb: Verb): Command {
  const existing = program.commands.find((command) => command.name() === verb);
  if (existing) return existing;
  const command = new Command(verb).description(VERBS[verb]);
  program.addCommand(command);
  return command;
}
