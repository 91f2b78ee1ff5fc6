/**
 * Per-client token lifespans. Hydra keeps them as Go `time.Duration` (`x.NullDuration`) and
 * prints them with Go's `Duration.String()`, so "1h" comes back as "1h0m0s" and "90s" as
 * "1m30s"; Tessera stores and prints the same canonical form, so a client read from Hydra's API
 * and one read from Tessera's compare equal.
 */
import { parseDuration } from '../config/duration.js';
import { errors } from '../core/errors.js';
import { LIFESPAN_FIELDS, type LifespanField, type Lifespans } from './client.js';
import type { LifespansInput } from './client-input.js';

const NS_PER_MS = 1_000_000n;

/**
 * Validates and canonicalises the lifespans given. A lifespan must not be negative, except that a
 * refresh-token lifespan may be exactly -1ns: fosite reads that as "the refresh token never
 * expires" (`flow_refresh.go`, `rtLifespan > -1`), and Hydra accepts it.
 */
export function canonicalLifespans(input: LifespansInput): Lifespans {
  const out: Lifespans = {};
  for (const field of LIFESPAN_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    let ns: bigint;
    try {
      ns = BigInt(Math.round(parseDuration(value.trim()) * Number(NS_PER_MS)));
    } catch {
      throw errors.invalidClientMetadata.withHint(`Field ${field} must be a duration such as "1h", "30m" or "1h30m", not "${value}".`);
    }
    if (ns < 0n && !(ns === -1n && field.endsWith('_refresh_token_lifespan'))) {
      throw errors.invalidClientMetadata.withHint(`Field ${field} must not be negative.`);
    }
    out[field] = formatGoDuration(ns);
  }
  return out;
}

/** Go's `time.Duration.String()`, from nanoseconds. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  let u = ns < 0n ? -ns : ns;
  if (u < 1_000_000_000n) {
    // Below one second Go picks the largest unit that keeps an integer part: ns, µs or ms.
    if (u < 1000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
    return `${sign}${fraction(u, 6)}ms`;
  }
  const seconds = fraction(u % 60_000_000_000n, 9);
  u /= 60_000_000_000n;
  if (u === 0n) return `${sign}${seconds}s`;
  const minutes = u % 60n;
  const hours = u / 60n;
  return hours > 0n ? `${sign}${hours}h${minutes}m${seconds}s` : `${sign}${minutes}m${seconds}s`;
}

/** `value / 10^digits` in decimal, with trailing zeros of the fraction dropped, as Go's fmtFrac. */
function fraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = value / scale;
  const rest = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : `${whole}`;
}


/** A client's per-grant lifespans in milliseconds, only those it sets (negative: never expires). */
export type LifespansMs = { readonly [K in LifespanField]?: number };

const parsed = new WeakMap<object, LifespansMs>();

/**
 * The client's lifespans as milliseconds, parsed once per client read: every read of a client
 * (the store's `fromRow`, the coalesced directory) gives a new object, and the parse is kept with
 * that object for as long as it lives, so a request never parses a duration again and an admin
 * change is seen on the next read. An empty string is "not set", as Hydra's NullDuration reads it.
 */
export function lifespansMs(client: Readonly<Lifespans>): LifespansMs {
  const known = parsed.get(client);
  if (known) return known;
  const out: { [K in LifespanField]?: number } = {};
  for (const field of LIFESPAN_FIELDS) {
    const value = client[field];
    if (value) out[field] = parseDuration(value);
  }
  parsed.set(client, out);
  return out;
}
