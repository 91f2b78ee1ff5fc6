/**
 * OpenID Connect Core §8.1 and Registration §5: a sector_identifier_uri is an https URL whose
 * document is a JSON array of redirect URIs; every redirect URI of the client must be in it, so
 * that clients sharing a sector share pairwise subjects only when their owner says so. Hydra
 * fetches it at registration (`ValidateSectorIdentifierURL`), and so does Tessera, with a time
 * and size bound, through the outbound guard (clients.http.*), following redirects as Hydra's
 * client does (at most 10 hops, each one guarded).
 */
import { errors } from '../core/errors.js';
import { MAX_REDIRECTS, type OutboundHttp } from '../http/outbound/outbound-http.js';
import { parseAbsolute } from './uri-rules.js';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 5 * 1024 * 1024;

export type SectorFetcher = (url: string) => Promise<unknown>;

export async function checkSectorIdentifier(
  location: string,
  redirectUris: readonly string[],
  fetchDocument: SectorFetcher,
): Promise<void> {
  const url = parseAbsolute(location);
  if (!url || url.protocol !== 'https:') {
    throw errors.invalidClientMetadata.withHint('Field sector_identifier_uri must be an https URL (OpenID Connect Core §8.1).');
  }
  let document: unknown;
  try {
    document = await fetchDocument(url.toString());
  } catch (error) {
    throw errors.invalidClientMetadata.withHint(
      `The document at sector_identifier_uri could not be fetched as JSON: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(document) || document.length === 0 || !document.every((item) => typeof item === 'string')) {
    throw errors.invalidClientMetadata.withHint('The document at sector_identifier_uri must be a non-empty JSON array of redirect URIs.');
  }
  for (const uri of redirectUris) {
    if (!document.includes(uri)) {
      throw errors.invalidClientMetadata.withHint(`Redirect URI "${uri}" is not listed in the document at sector_identifier_uri.`);
    }
  }
}

/** Hydra reads at most 5 MiB of the document (io.LimitReader). */
export function sectorDocumentFetcher(outbound: OutboundHttp): SectorFetcher {
  return async (url) => {
    const response = await outbound.request(url, { headers: { accept: 'application/json' }, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, maxRedirects: MAX_REDIRECTS });
    if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
    return JSON.parse(response.body.toString('utf8'));
  };
}
