/**
 * OpenID Connect Core §8: the `sub` a client is told. A `public` client gets the local subject; a
 * `pairwise` client gets §8.1's SHA-256 of sector identifier, local subject and salt, so that two
 * sectors cannot correlate a user. Hydra's formula (consent/subject_identifier_pairwise.go) is
 * kept byte for byte, so that subjects survive a move from Hydra: the sector identifier is the
 * whole sector_identifier_uri when set, else the host of the client's only redirect URI, and the
 * digest is lower-case hex. The login app's `force_subject_identifier` replaces the pairwise value
 * for pairwise clients only (Hydra ObfuscateSubjectIdentifier). Access tokens and introspection
 * keep the local subject; only the ID token and userinfo carry this one.
 */
import { createHash } from 'node:crypto';
import { errors } from '../core/errors.js';
import type { Client } from '../client/client.js';

export type SubjectClient = Pick<Client, 'client_id' | 'subject_type' | 'sector_identifier_uri' | 'redirect_uris'>;

export function pairwiseSubject(salt: string, subject: string, client: SubjectClient): string {
  const redirects = client.redirect_uris ?? [];
  let sector: string;
  if (client.sector_identifier_uri) {
    sector = client.sector_identifier_uri;
  } else if (redirects.length === 1) {
    // Go's url.URL.Host: host and port as written, no lower-casing beyond what WHATWG does for http(s).
    sector = new URL(redirects[0]!).host;
  } else if (redirects.length > 1) {
    throw errors.invalidRequest.withHint(
      `OAuth 2.0 Client ${client.client_id} has multiple redirect_uris but no sector_identifier_uri was set which is not allowed when performing using subject type pairwise. Please reconfigure the OAuth 2.0 client properly.`,
    );
  } else {
    throw errors.invalidRequest.withHint(
      `OAuth 2.0 Client ${client.client_id} neither specifies a sector_identifier_uri nor a redirect_uri which is not allowed when performing using subject type pairwise. Please reconfigure the OAuth 2.0 client properly.`,
    );
  }
  return createHash('sha256').update(sector).update(subject).update(salt).digest('hex');
}

export class SubjectIdentifiers {
  constructor(
    private readonly clients: { find(id: string): Promise<SubjectClient | undefined> },
    private readonly options: { supportedTypes: readonly string[]; salt: string },
  ) {}

  /**
   * The ID token and userinfo `sub` of `subject` for this client: named by its id (read here), or
   * the client a caller already read in the same request (the authorization endpoint's hop), so
   * that one hop reads its client once.
   */
  async forClient(clientOrId: string | SubjectClient, subject: string, forced: string): Promise<string> {
    const client = typeof clientOrId === 'string' ? await this.clients.find(clientOrId) : clientOrId;
    if (!client || client.subject_type !== 'pairwise') return subject;
    const clientId = client.client_id;
    // A client registered while pairwise was enabled, used after it was switched off (Hydra's answer).
    if (!this.options.supportedTypes.includes('pairwise')) {
      throw errors.invalidRequest.withHint(`Subject Identifier Algorithm 'pairwise' was requested by OAuth 2.0 Client '${clientId}' but is not configured.`);
    }
    if (forced) return forced;
    return pairwiseSubject(this.options.salt, subject, client);
  }
}
