/**
 * Option kinds with the semantics of Go's pflag, which Hydra's flags use, on top of commander:
 * a list flag takes comma-separated values and may repeat, its first use replacing the default;
 * a boolean flag is set by its name alone or explicitly with `--flag=false`.
 */
import { InvalidArgumentError, Option } from 'commander';

/** pflag reads a list flag's value as one CSV record: `a,b`, `"a,b",c`; an empty value is []. */
export function splitCsv(value: string): string[] {
  if (value === '') return [];
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted) {
      if (ch === '"' && value[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      (quoted = true), (wasQuoted = true), (field = '');
    } else if (ch === ',') {
      fields.push(wasQuoted ? field : field.trim());
      (field = ''), (wasQuoted = false);
    } else field += ch;
  }
  if (quoted) throw new InvalidArgumentError(`unterminated quote in "${value}"`);
  fields.push(wasQuoted ? field : field.trim());
  return fields;
}

export function listOption(flags: string, description: string, defaults: readonly string[] = []): Option {
  // Compared by identity: the first use on the command line replaces this default instead of extending it.
  const initial: string[] | undefined = defaults.length > 0 ? [...defaults] : undefined;
  const option = new Option(flags, description).argParser((value: string, previous: string[] | undefined) => [
    ...(previous === initial || previous === undefined ? [] : previous),
    ...splitCsv(value),
  ]);
  return initial ? option.default(initial, defaults.join(',')) : option;
}

/** Go's strconv.ParseBool. */
export function parseBool(value: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new InvalidArgumentError('expected true or false (write --flag=false to turn it off).');
}

export function boolOption(name: string, description: string): Option {
  // No default: an unset boolean is left out of the request, which the API reads as false.
  return new Option(`${name} [bool]`, description).preset('true').argParser(parseBool);
}

export function intOption(flags: string, description: string, defaultValue: number): Option {
  return new Option(flags, description).default(defaultValue).argParser((value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer.');
    return parsed;
  });
}
