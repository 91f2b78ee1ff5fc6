/** What a delete prints, as Ory's cmdx OutputIder: the ID of each resource that is gone. */
import type { Row, Table } from './printer.js';

export function idRow(id: string): Row {
  return { header: ['ID'], columns: [id], value: id, id };
}

export function idTable(ids: readonly string[]): Table {
  return { header: ['ID'], rows: ids.map((id) => [id]), value: ids, ids };
}
