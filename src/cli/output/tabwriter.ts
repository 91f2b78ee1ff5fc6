/**
 * Column alignment as Go's text/tabwriter does it with the settings of Ory's `cmdx` printer
 * (minwidth 0, tabwidth 8, padding 1, padchar '\t'), so that `hydra ... --format table` output
 * lines up byte for byte with Hydra's: cells are tab-terminated, padded with tabs to the next
 * multiple of 8 past the widest cell of their column block, and the text after a line's last tab
 * belongs to no column.
 */
const TAB_WIDTH = 8;
const PADDING = 1;

export function alignTabs(text: string): string {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === '') return text;
  const lines = body.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  format(lines, [], 0, lines.length, out);
  return out.join('');
}

/** Go counts runes, not UTF-16 units. */
function textWidth(cell: string): number {
  return [...cell].length;
}

/**
 * A column block is a run of consecutive lines that all have a cell in this column; its width is
 * decided by its widest cell, then the columns to its right are laid out within the block.
 */
function format(lines: string[][], widths: number[], first: number, end: number, out: string[]): void {
  const column = widths.length;
  let line0 = first;
  for (let i = first; i < end; i++) {
    if (column >= lines[i]!.length - 1) continue;
    writeLines(lines, widths, line0, i, out);
    line0 = i;
    let width = 0;
    for (; i < end; i++) {
      const line = lines[i]!;
      if (column >= line.length - 1) break;
      width = Math.max(width, textWidth(line[column]!) + PADDING);
    }
    widths.push(width);
    format(lines, widths, line0, i, out);
    widths.pop();
    line0 = i;
  }
  writeLines(lines, widths, line0, end, out);
}

function writeLines(lines: string[][], widths: number[], from: number, to: number, out: string[]): void {
  for (let i = from; i < to; i++) {
    const cells = lines[i]!;
    cells.forEach((cell, j) => {
      out.push(cell);
      if (j < widths.length) out.push(padding(textWidth(cell), widths[j]!));
    });
    out.push('\n');
  }
}

/** With '\t' as the pad character the cell is widened to a multiple of the tab width. */
function padding(textw: number, cellw: number): string {
  const width = Math.ceil(cellw / TAB_WIDTH) * TAB_WIDTH;
  return '\t'.repeat(Math.ceil((width - textw) / TAB_WIDTH));
}
