/**
 * Go-style durations, as Hydra's configuration writes them ("1h", "30m", "720h", "1h30m", "500ms").
 * Kept to the units Hydra's schema documents so that a config file moves over unchanged.
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const DURATION_PATTERN = '^-?([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^-1$|^0$';

/** Parses a duration to milliseconds; throws a TypeError naming the value when it is not one. */
export function parseDuration(value: string): number {
  if (value === '0') return 0;
  if (value === '-1') return -1;
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const part = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = part.exec(body); m; m = part.exec(body)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== body.length) {
    throw new TypeError(`"${value}" is not a duration (expected e.g. "1h", "30m", "10s")`);
  }
  return negative ? -total : total;
}

/** Formats milliseconds the way Hydra prints a NullDuration ("1h0m0s" style is avoided: "3600s" is exact). */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
