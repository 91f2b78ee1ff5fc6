/**
 * The key sets of clients that registered a `jwks_uri` (OpenID Connect Registration §2), fetched
 * through the outbound guard (clients.http.disallow_private_ip_ranges) and kept in this process:
 * - bounded: at most `maxEntries` sets (the least recently used goes first) of at most
 *   MAX_JWKS_BYTES each, each fetch bounded in time;
 * - a set older than `maxAgeMs` is fetched again (fosite's fetcher keeps one an hour);
 * - a `kid` the cached set lacks makes one refetch (OIDC Core §10.1.1: a signer rotates by
 *   publishing a new `kid`), but a set refetched less than `refetchCooldownMs` ago is not fetched
 *   again, so a flood of assertions with unknown kids costs the `jwks_uri` at most one request per
 *   cooldown, never one per assertion (Tessera must not become a fetch amplifier);
 * - a failed fetch (unreachable, refused by the guard, not a key set) is remembered for the same
 *   cooldown: assertions naming a client whose jwks_uri fails (anyone can send those, before any
 *   signature is checked) cost that URL at most one request per cooldown too;
 * - concurrent fetches of one URL share one request.
 * Nothing is shared across processes: each instance fetches for itself, as fosite's does.
 */
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { OutboundHttp } from '../../http/outbound/outbound-http.js';
import type { VerificationKeyResolver } from './client-keys.js';

export const MAX_JWKS_BYTES = 256 * 1024;
export const JWKS_FETCH_TIMEOUT_MS = 10_000;

export interface JwksUriCacheOptions {
  maxEntries: number;
  maxAgeMs: number;
  refetchCooldownMs: number;
  now: () => number;
}

export const DEFAULT_JWKS_URI_CACHE: Omit<JwksUriCacheOptions, 'now'> = {
  maxEntries: 1000,
  maxAgeMs: 60 * 60_000,
  refetchCooldownMs: 30_000,
};

/** The set at the URL could not be used: not fetched, not 200, or not a JSON Web Key Set. */
export class JwksUriError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'JwksUriError';
  }
}

interface Entry {
  resolver: VerificationKeyResolver;
  fetchedAt: number;
}

export class JwksUriCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private readonly failures = new Map<string, { error: JwksUriError; at: number }>();

  constructor(
    private readonly outbound: OutboundHttp,
    private readonly options: JwksUriCacheOptions,
  ) {}

  /** How many sets are held now (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The resolver over the set at `uri`. `unknownKid` asks for a refetch because the cached set
   * lacked the key; it is honoured only once the cooldown since the last fetch has passed.
   */
  async resolver(uri: string, unknownKid = false): Promise<VerificationKeyResolver> {
    const now = this.options.now();
    const cached = this.entries.get(uri);
    const fresh = cached && now - cached.fetchedAt < this.options.maxAgeMs;
    const mayRefetch = !cached || now - cached.fetchedAt >= this.options.refetchCooldownMs;
    if (cached && fresh && !(unknownKid && mayRefetch)) {
      this.touch(uri, cached);
      return cached.resolver;
    }
    const failed = this.failures.get(uri);
    if (failed && now - failed.at < this.options.refetchCooldownMs) throw failed.error;
    return (await this.fetchOnce(uri)).resolver;
  }

  private fetchOnce(uri: string): Promise<Entry> {
    const pending = this.inFlight.get(uri);
    if (pending) return pending;
    const fetching = this.fetch(uri).finally(() => this.inFlight.delete(uri));
    this.inFlight.set(uri, fetching);
    return fetching;
  }

  private async fetch(uri: string): Promise<Entry> {
    try {
      const entry: Entry = { resolver: parseSet(await this.download(uri)), fetchedAt: this.options.now() };
      this.failures.delete(uri);
      this.touch(uri, entry);
      return entry;
    } catch (error) {
      const failure = error instanceof JwksUriError ? error : new JwksUriError(`the jwks_uri could not be fetched: ${(error as Error).message}`, error);
      this.failures.delete(uri);
      this.failures.set(uri, { error: failure, at: this.options.now() });
      if (this.failures.size > this.options.maxEntries) this.failures.delete(this.failures.keys().next().value!);
      throw failure;
    }
  }

  private async download(uri: string): Promise<Buffer> {
    const response = await this.outbound.request(uri, {
      headers: { accept: 'application/json' },
      timeoutMs: JWKS_FETCH_TIMEOUT_MS,
      maxBytes: MAX_JWKS_BYTES,
      maxRedirects: 3,
    });
    if (response.status !== 200) throw new JwksUriError(`the jwks_uri answered HTTP ${response.status}`);
    return response.body;
  }

  private touch(uri: string, entry: Entry): void {
    this.entries.delete(uri);
    this.entries.set(uri, entry);
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}

function parseSet(body: Buffer): VerificationKeyResolver {
  let set: unknown;
  try {
    set = JSON.parse(body.toString('utf8'));
  } catch {
    throw new JwksUriError('the jwks_uri did not answer JSON');
  }
  try {
    return createLocalJWKSet(set as JSONWebKeySet) as VerificationKeyResolver;
  } catch {
    throw new JwksUriError('the jwks_uri did not answer a JSON Web Key Set');
  }
}
