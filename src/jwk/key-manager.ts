/**
 * The key sets of Tessera: what the admin API changes, what the token endpoints sign with and
 * what the public JWKS publishes. Reads for signing and publishing go through a per-set cache
 * that this process's own changes invalidate at once (set-cache.ts).
 *
 * At start (`prepare`) every stored key must open with the configured secrets.system, and the
 * sets Hydra signs with (`x/const.go`) get an RS256 key if they have no signing key: Hydra
 * generates them lazily on first use, Tessera before serving, under a database-wide guarantee
 * (KeyStore.addSigningKeyIfAbsent) so that concurrent first starts keep exactly one key per set.
 */
import type { Logger } from 'pino';
import type { JSONWebKeySet } from 'jose';
import type { Aead } from '../crypto/aead.js';
import type { Database } from '../persistence/database.js';
import { generateJwk, type GenerateRequest } from './generate.js';
import type { Jwk } from './jwk.js';
import { buildKeySetView, type KeySetView, type SigningKey } from './key-set-view.js';
import { UnreadableKeysError, type JwkRecord, type KeyStore } from './key-store.js';
import { SetCache } from './set-cache.js';
import { SqlKeyStore } from './sql-key-store.js';

export type { SigningKey } from './key-set-view.js';

export const ID_TOKEN_SET = 'hydra.openid.id-token';
export const ACCESS_TOKEN_SET = 'hydra.jwt.access-token';
/** Hydra's algorithm for the keys it generates itself (`jwk/jwt_strategy.go`). */
export const DEFAULT_SIGNING_ALG = 'RS256';

export interface KeyManagerOptions {
  /** How long another process's key change may go unseen here. */
  cacheTtlMs?: number;
}

export class KeyManager {
  private readonly views: SetCache<KeySetView>;
  private readonly ensuring = new Map<string, Promise<void>>();

  constructor(
    readonly store: KeyStore,
    private readonly logger: Logger,
    options: KeyManagerOptions = {},
  ) {
    this.views = new SetCache(options.cacheTtlMs ?? 10_000);
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
    this.logger.warn(`JSON Web Key Set "${set}" has no signing key yet, generating a ${DEFAULT_SIGNING_ALG} key pair...`);
    const jwk = await generateJwk({ alg: DEFAULT_SIGNING_ALG, use: 'sig' });
    const added = await this.changed(set, this.store.addSigningKeyIfAbsent(set, jwk));
    if (added) this.logger.info(`Generated signing key ${jwk.kid} in JSON Web Key Set "${set}"`);
    else this.logger.info(`JSON Web Key Set "${set}" got its signing key from another process; the key generated here was discarded`);
  }
}

export function createKeyManager(database: Database, aead: Aead, logger: Logger, options: KeyManagerOptions = {}): KeyManager {
  return new KeyManager(new SqlKeyStore(database, aead), logger, options);
}
