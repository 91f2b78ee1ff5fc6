/**
 * The key sets of Tessera: what the admin API changes, what the token endpoints sign with and
 * what the public JWKS publishes. Reads for signing and publishing go through a per-set cache
 * that this process's own changes invalidate at once (set-cache.ts).
 *
 * At start (`prepare`) every stored key must open with the configured secrets.system, and the
 * sets Hydra signs with (`x/const.go`) get an RS256 key if they have no signing key: Hydra
 * generates them lazily on first use, Tessera before serving, under a database-wide guarantee
 * (KeyStore.addSigningKeyIfAbsent) so that concurrent first starts keep exactly one key per set.
 * On PostgreSQL and MySQL a claim row per set (generation-claim.ts) also makes one process
 * generate while the others wait for its key, instead of each paying for a discarded RSA 4096
 * generation. SQLite keeps the simple path: one writer per file, and in practice one process.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { JSONWebKeySet } from 'jose';
import { generateJwk, type GenerateRequest } from './generate.js';
import { keepClaimAlive } from './claim-renewal.js';
import type { GenerationClaims } from './generation-claim.js';
import type { Jwk } from './jwk.js';
import { buildKeySetView, type KeySetView, type SigningKey } from './key-set-view.js';
import { UnreadableKeysError, type JwkRecord, type KeyStore } from './key-store.js';
import { SetCache } from './set-cache.js';

export type { SigningKey } from './key-set-view.js';

import { ACCESS_TOKEN_SET, ID_TOKEN_SET } from './key-sets.js';
/** The set names live in key-sets.ts, which loads nothing; re-exported for the key manager's users. */
export { ACCESS_TOKEN_SET, ID_TOKEN_SET } from './key-sets.js';
/** Hydra's algorithm for the keys it generates itself (`jwk/jwt_strategy.go`). */
export const DEFAULT_SIGNING_ALG = 'RS256';

export interface KeyManagerOptions {
  /** How long another process's key change may go unseen here. */
  cacheTtlMs?: number;
  /** Decides which process generates a missing signing key; none: this one generates (SQLite). */
  claims?: GenerationClaims;
  /** How often a process waiting on another's claim looks for the key (and for a stale claim). */
  claimPollMs?: number;
  /** Generates the missing signing keys (generate.ts); tests slow it down to outlast a claim's stale time. */
  generateKey?: (request: GenerateRequest) => Promise<Jwk>;
}

const DEFAULT_CLAIM_POLL_MS = 200;

export class KeyManager {
  private readonly views: SetCache<KeySetView>;
  private readonly ensuring = new Map<string, Promise<void>>();
  private readonly claims: GenerationClaims | undefined;
  private readonly claimPollMs: number;
  private readonly generateKey: (request: GenerateRequest) => Promise<Jwk>;

  constructor(
    readonly store: KeyStore,
    private readonly logger: Logger,
    options: KeyManagerOptions = {},
  ) {
    this.views = new SetCache(options.cacheTtlMs ?? 10_000);
    this.claims = options.claims;
    this.claimPollMs = options.claimPollMs ?? DEFAULT_CLAIM_POLL_MS;
    this.generateKey = options.generateKey ?? generateJwk;
  }

  /** Fails fast on a wrong secrets.system, then creates the signing sets that are missing. */
  async prepare(): Promise<void> {
    const unreadable = await this.store.findUnreadable();
    if (unreadable.length > 0) throw new UnreadableKeysError(unreadable);
    await Promise.all([ID_TOKEN_SET, ACCESS_TOKEN_SET].map((set) => this.ensureSigningKey(set)));
  }

  /**
   * Gives `set` an RS256 signing key unless it has one (Hydra's `getOrGenerateKeySet`). Callers
   * in this process share one generation; across processes the store lets one key win.
   */
  ensureSigningKey(set: string): Promise<void> {
    const running = this.ensuring.get(set);
    if (running) return running;
    const work = this.generateIfAbsent(set).finally(() => this.ensuring.delete(set));
    this.ensuring.set(set, work);
    return work;
  }

  /** The newest signing key of `set`; generated first if the set has none, as Hydra does. */
  async signingKey(set: string): Promise<SigningKey> {
    const view = await this.view(set);
    if (view.signing) return view.signing;
    await this.ensureSigningKey(set);
    const signing = (await this.view(set)).signing;
    if (!signing) throw new Error(`JSON Web Key Set ${JSON.stringify(set)} has no key to sign with.`);
    return signing;
  }

  /**
   * The public keys of `sets`, in that order and newest first within a set; never a private
   * member, never a symmetric key. With `generateMissing`, a set without any key first gets
   * one, as Hydra's `/.well-known/jwks.json` handler does.
   */
  async publicJwks(sets: readonly string[], options: { generateMissing?: boolean } = {}): Promise<JSONWebKeySet> {
    const views = await Promise.all(
      sets.map(async (set) => {
        const view = await this.view(set);
        if (view.size > 0 || !options.generateMissing) return view;
        await this.ensureSigningKey(set);
        return this.view(set);
      }),
    );
    return { keys: views.flatMap((view) => view.publicKeys.map((key) => ({ ...key }))) };
  }

  /** Generates a key into `set`, keeping the keys already there (Hydra: rotation by POST). */
  async generate(set: string, request: GenerateRequest): Promise<Jwk> {
    const jwk = await generateJwk(request);
    return (await this.changed(set, this.store.addKey(set, jwk))).jwk;
  }

  async getSet(set: string): Promise<Jwk[]> {
    return (await this.store.getSet(set)).map((record) => record.jwk);
  }

  async getKey(set: string, kid: string): Promise<Jwk | undefined> {
    return (await this.store.getKey(set, kid))?.jwk;
  }

  async replaceSet(set: string, jwks: readonly Jwk[]): Promise<Jwk[]> {
    return (await this.changed(set, this.store.replaceSet(set, jwks))).map((record: JwkRecord) => record.jwk);
  }

  async replaceKey(set: string, jwk: Jwk): Promise<Jwk> {
    return (await this.changed(set, this.store.replaceKey(set, jwk))).jwk;
  }

  async deleteSet(set: string): Promise<void> {
    await this.changed(set, this.store.deleteSet(set));
  }

  async deleteKey(set: string, kid: string): Promise<void> {
    await this.changed(set, this.store.deleteKey(set, kid));
  }

  private view(set: string): Promise<KeySetView> {
    return this.views.get(set, async () => buildKeySetView(set, await this.store.getSet(set)));
  }

  /** Drops the cached set once a change settles, whether or not it succeeded. */
  private async changed<T>(set: string, change: Promise<T>): Promise<T> {
    try {
      return await change;
    } finally {
      this.views.invalidate(set);
    }
  }

  private async generateIfAbsent(set: string): Promise<void> {
    if ((await this.view(set)).signing) return;
    if (!this.claims) return this.generateHere(set);
    const claims = this.claims;
    const claimant = randomUUID();
    let waitingSince: number | undefined;
    for (;;) {
      const outcome = await claims.claim(set, claimant);
      if (outcome !== 'held') {
        const stopRenewing = keepClaimAlive(claims, set, claimant, this.logger);
        try {
          // The previous claimant may have stored its key and released its claim since we looked.
          if (await this.hasSigningKeyNow(set)) return;
          if (outcome === 'taken-over') this.logger.warn(`Took over the stale key generation claim of JSON Web Key Set "${set}" (its claimant stopped renewing it)`);
          await this.generateHere(set);
        } finally {
          await stopRenewing();
          await claims.release(set, claimant).catch((error: unknown) => {
            // Harmless for this start: the key is stored (or not) either way; the row goes stale.
            this.logger.warn({ err: { message: (error as Error).message } }, `Could not release the key generation claim of JSON Web Key Set "${set}"`);
          });
        }
        return;
      }
      if (waitingSince === undefined) {
        waitingSince = Date.now();
        this.logger.info(`JSON Web Key Set "${set}" has no signing key yet; waiting for the process generating it`);
      }
      await sleep(this.claimPollMs);
      if (await this.hasSigningKeyNow(set)) {
        this.logger.info(`JSON Web Key Set "${set}" got its signing key from another process after ${Date.now() - waitingSince} ms`);
        return;
      }
    }
  }

  /** Reads the set from the store, past the cache: another process may have just added the key. */
  private async hasSigningKeyNow(set: string): Promise<boolean> {
    this.views.invalidate(set);
    return (await this.view(set)).signing !== undefined;
  }

  private async generateHere(set: string): Promise<void> {
    this.logger.warn(`JSON Web Key Set "${set}" has no signing key yet, generating a ${DEFAULT_SIGNING_ALG} key pair...`);
    const jwk = await this.generateKey({ alg: DEFAULT_SIGNING_ALG, use: 'sig' });
    // The final guarantee of one key per set, should two processes have generated anyway.
    const added = await this.changed(set, this.store.addSigningKeyIfAbsent(set, jwk));
    if (added) this.logger.info(`Generated signing key ${jwk.kid} in JSON Web Key Set "${set}"`);
    else this.logger.info(`JSON Web Key Set "${set}" got its signing key from another process; the key generated here was discarded`);
  }
}
