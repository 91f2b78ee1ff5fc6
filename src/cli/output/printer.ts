/**
 * Prints one resource (a row) or several (a table) in the chosen format, as Ory's `cmdx`
 * PrintRow and PrintTable do: a row's table is vertical (HEADER, value), a table's is horizontal.
 */
import { stringify as toYaml } from 'yaml';
import { alignTabs } from './tabwriter.js';
import { resolvePointer, type OutputFormat } from './format.js';

export interface Row {
  header: readonly string[];
  columns: readonly string[];
  /** What json and yaml print. */
  value: unknown;
  id?: string;
}

export interface Table {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  value: unknown;
  ids: readonly string[];
}

type Write = (text: string) => void;
const stdout: Write = (text) => process.stdout.write(text);

export function printRow(row: Row, format: OutputFormat, write: Write = stdout): void {
  if (format.kind === 'table') {
    write(alignTabs(row.header.map((h, i) => `${h}\t${row.columns[i] ?? ''}\t\n`).join('')));
  } else if (format.kind === 'quiet') {
    write(`${row.id ?? row.columns[0] ?? ''}\n`);
  } else {
    write(serialize(row.value, format));
  }
}

export function printTable(table: Table, format: OutputFormat, write: Write = stdout): void {
  if (format.kind === 'table') {
    const lines = [table.header.map((h) => `${h}\t`).join(''), ...table.rows.map((row) => `${row.join('\t')}\t`)];
    write(alignTabs(`${lines.join('\n')}\n`));
  } else if (format.kind === 'quiet') {
    if (table.ids.length === 0) write('\n');
    for (const id of table.ids) write(`${id}\n`);
  } else {
    write(serialize(table.value, format));
  }
}

export function serialize(value: unknown, format: OutputFormat): string {
  switch (format.kind) {
    case 'json':
      return `${JSON.stringify(value ?? null)}\n`;
    case 'yaml':
      return toYaml(value ?? null);
    case 'jsonpointer':
      return `${JSON.stringify(resolvePointer(value, format.pointer) ?? null, null, 2)}\n`;
    default:
      return `${JSON.stringify(value ?? null, null, 2)}\n`;
  }
}
