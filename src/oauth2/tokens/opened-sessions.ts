/**
 * The plaintext of sealed token sessions recently opened, by their sealed form: a token
 * introspected on every call of a resource server (the usual pattern) is decrypted once, not each
 * time. The sealed form includes its nonce and tag, so an entry can only ever be the plaintext of
 * exactly that ciphertext; secrets.system changes only with a restart, which empties it. One
 * cache per Aead (per secrets.system), bounded: the oldest entries go first.
 */
import type { Aead } from '../../crypto/aead.js';

const CAPACITY = 1024;

export class OpenedSessions {
  private static readonly byAead = new WeakMap<Aead, OpenedSessions>();
  private readonly plaintexts = new Map<string, string>();

  static of(aead: Aead): OpenedSessions {
    let sessions = OpenedSessions.byAead.get(aead);
    if (!sessions) OpenedSessions.byAead.set(aead, (sessions = new OpenedSessions()));
    return sessions;
  }

  /** The plaintext of `sealed`, opened by `open` when not remembered (a failure is not remembered). */
  open(sealed: string, open: () => string): string {
    const known = this.plaintexts.get(sealed);
    if (known !== undefined) return known;
    const plaintext = open();
    if (this.plaintexts.size >= CAPACITY) this.plaintexts.delete(this.plaintexts.keys().next().value!);
    this.plaintexts.set(sealed, plaintext);
    return plaintext;
  }
}
