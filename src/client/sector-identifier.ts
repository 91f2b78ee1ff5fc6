/**
 * OpenID Connect Core §8.1 and Registration §5: a sector_identifier_uri is an https URL whose
 * document is a JSON array of redirect URIs; every redirect URI of the client must be in it, so
 * that clients sharing a sector share pairwise subjects only when their owner says so. Hydra
 * fetches it at registration (`ValidateSectorIdentifierURL`), and so does Tessera, with a time
 * and size bound.
 */
import { errors } from '../core/errors.js';
import { parseAbsolute } from './uri-rules.js';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 5 * 1024 * 1024;

export type SectorFetcher = (url: string) => Promise<unknown>;

export async function checkSectorIdentifier(
  location: string,
  redirectUris: readonly string[],
  fetchDocument: SectorFetcher = fetchJson,
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

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    size += part.value.byteLength;
    if (size > MAX_BYTES) {
      await reader?.cancel();
      throw new Error('the document is larger than 5 MiB');
    }
    chunks.push(part.value);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
