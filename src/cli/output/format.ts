/**
 * The `--format` flag of the v2 commands, with the values Ory's `cmdx` accepts: table (the
 * default), json, json-pretty, yaml, quiet (IDs only; also `-q/--quiet`) and jsonpointer=<ptr>.
 */
import { Option, type Command } from 'commander';
import { CliError } from '../fail.js';

export type OutputFormat =
  | { kind: 'table' | 'json' | 'json-pretty' | 'yaml' | 'quiet' }
  | { kind: 'jsonpointer'; pointer: string };

const NAMES = ['table', 'json', 'json-pretty', 'yaml', 'jsonpointer=<pointer>'];

export function addFormatOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', `Set the output format. One of ${NAMES.join(', ')}`).default('table'))
    .addOption(new Option('-q, --quiet', 'Be quiet with output printing (prints IDs only)'));
}

export function outputFormat(command: Command): OutputFormat {
  const { format, quiet } = command.opts<{ format?: string; quiet?: boolean }>();
  if (quiet) return { kind: 'quiet' };
  return parseFormat(format ?? 'table');
}

export function parseFormat(value: string): OutputFormat {
  switch (value) {
    case '':
    case 'default':
    case 'table':
      return { kind: 'table' };
    case 'json':
    case 'json-pretty':
    case 'yaml':
    case 'quiet':
      return { kind: value };
  }
  if (value.startsWith('jsonpointer=')) return { kind: 'jsonpointer', pointer: value.slice('jsonpointer='.length) };
  if (value.startsWith('jsonpath')) {
    throw new CliError('The jsonpath output format is not supported; use --format jsonpointer=<pointer> or json with jq.');
  }
  throw new CliError(`Unknown output format "${value}". Use one of ${NAMES.join(', ')}.`);
}

/** RFC 6901: `/keys/0/kid`; `~1` is '/', `~0` is '~'. */
export function resolvePointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  if (!pointer.startsWith('/')) throw new CliError(`Invalid JSON pointer "${pointer}": it must start with "/".`);
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) {
      throw new CliError(`The JSON pointer "${pointer}" does not match the output.`);
    }
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
