/**
 * hydra_client: every field, secret hashes verbatim (mapping.ts says why), rotated secrets when the
 * release has them, and a dynamically registered client's RFC 7592 registration access token.
 * Hydra keeps that token's HMAC signature itself (client/handler.go: OAuth2HMACStrategy
 * GenerateAccessToken, ValidDynamicAuth compares the Enigma signature of the presented token);
 * the token is an ordinary fosite access token, which Tessera's HmacTokenStrategy verifies as it
 * is under the same secrets.system. Tessera stores the hex SHA-384 of the signature instead
 * (signatureKey), so the import hashes it: the token Hydra gave the registrant keeps working at
 * /oauth2/register/{id}. Hydra before v1.11 had no column: no token, nothing to carry.
 */
import { toRow as clientRow } from '../../../client/client-row.js';
import { mapClient, text } from '../mapping.js';
import { rowKey } from '../token-mapping.js';
import type { HydraKind } from './kind.js';

export const clients: HydraKind = {
  name: 'clients',
  singular: 'client',
  table: 'hydra_client',
  key: 'id',
  async copy(row, { into, dryRun }) {
    const { client, secretHash, rotatedSecretHashes } = mapClient(row);
    if (dryRun) return (await into.hasClient(client.client_id)) ? 'present' : 'copied';
    const stored = {
      ...clientRow(client, secretHash),
      rotated_secrets: rotatedSecretHashes.length > 0 ? JSON.stringify(rotatedSecretHashes) : null,
      registration_access_token_signature: registrationTokenKey(row.registration_access_token_signature),
    };
    return (await into.insertClient(stored)) ? 'copied' : 'present';
  },
  id: (row) => String(row.id),
};

/** Hydra's column (raw signature, '' for a client made on the admin API) as Tessera's key, or null. */
function registrationTokenKey(stored: unknown): string | null {
  const signature = text(stored);
  return signature === '' ? null : rowKey(signature);
}
