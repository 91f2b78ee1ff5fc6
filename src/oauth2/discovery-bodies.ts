/**
 * The serialised discovery document for the current ID token key. The document changes only with
 * that key's algorithm, which ID tokens and signed userinfo are signed with; Hydra reads the key
 * per request too (oauth2/handler.go discoverOidcConfiguration). The key comes from the key
 * manager's cache, and each algorithm's body is serialised once.
 *
 * Unlike Hydra, a key store that cannot be read (a database outage, once the cache has expired)
 * does not fail the document: the last algorithm seen is served, since relying parties and
 * gateways refresh metadata on their own schedule and the document was right a moment ago.
 */
import type { TesseraConfig } from '../config/types.js';
import { ID_TOKEN_SET, type SigningKeySource } from '../jwk/key-sets.js';
import { capabilities as builtIn, type Capabilities } from './capabilities.js';
import { discoveryDocument } from './discovery.js';

export class DiscoveryBodies {
  private readonly bodies = new Map<string, string>();
  private lastAlg: string | undefined;

  constructor(
    private readonly config: TesseraConfig,
    private readonly keys: SigningKeySource,
    private readonly caps: Capabilities = builtIn,
  ) {}

  async current(): Promise<string> {
    let alg: string;
    try {
      alg = (await this.keys.signingKey(ID_TOKEN_SET)).alg;
    } catch (error) {
      if (this.lastAlg === undefined) throw error;
      alg = this.lastAlg;
    }
    this.lastAlg = alg;
    let body = this.bodies.get(alg);
    if (body === undefined) {
      body = JSON.stringify(discoveryDocument(this.config, { ...this.caps, idTokenSigningAlgs: [alg] }));
      this.bodies.set(alg, body);
    }
    return body;
  }
}
