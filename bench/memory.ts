/**
 * The resident set of a server process, read from /proc/<pid>/status (VmRSS, in kB): what the
 * kernel holds in memory for it, heap, code and buffers alike. Linux only; elsewhere n/a.
 */
import { readFile } from 'node:fs/promises';

export async function residentMegabytes(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
