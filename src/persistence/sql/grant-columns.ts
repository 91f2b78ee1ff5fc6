/**
 * The columns every token row shares with its grant (access and refresh tokens alike): which
 * request, client and subject it belongs to and what was granted. One mapping, so that both
 * stores write scope and audience the same way and read them back the same way.
 */
import type { GrantFields } from '../../oauth2/tokens/access-token-store.js';
import type { GrantColumns } from '../tables.js';

export function grantColumns(fields: GrantFields): GrantColumns {
  return {
    request_id: fields.requestId,
    client_id: fields.clientId,
    subject: fields.subject,
    granted_scope: fields.grantedScope.join(' '),
    granted_audience: JSON.stringify(fields.grantedAudience),
    requested_at: fields.requestedAt,
  };
}

export function grantFields(row: GrantColumns): GrantFields {
  return {
    requestId: row.request_id,
    clientId: row.client_id,
    subject: row.subject,
    grantedScope: row.granted_scope ? row.granted_scope.split(' ') : [],
    grantedAudience: JSON.parse(row.granted_audience) as string[],
    requestedAt: Number(row.requested_at),
  };
}
