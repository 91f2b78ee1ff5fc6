/**
 * CPU time a server process spent (user + system), read from /proc/<pid>/stat: the benchmark
 * divides it by the requests answered, which stays meaningful on a shared, noisy machine where
 * requests per second do not. Undefined where /proc is missing (not Linux).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime/stime; 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds, per process id, of every process whose command line names `marker`: the
 * PostgreSQL backends serving the benchmark's own database.
 */
export function cpuSecondsByProcessNaming(marker: string): Map<number, number> | undefined {
  try {
    const found = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const seconds = cmdline.includes(marker) ? cpuSeconds(Number(entry)) : undefined;
      if (seconds !== undefined) found.set(Number(entry), seconds);
    }
    return found;
  } catch {
    return undefined;
  }
}

/**
 * The CPU those processes spent between two readings: a process present at both counts its
 * difference, one started meanwhile all of its time. One that exited meanwhile (a pooled
 * connection closed while idle) is left out; it was idle, so it spent next to nothing.
 */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, seconds] of after) spent += seconds - (before.get(pid) ?? 0);
  return spent;
}
