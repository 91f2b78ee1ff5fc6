/** Records for the storage contracts: a fresh code, or access or refresh token of one grant. */
import { randomUUID } from 'node:crypto';
import type { CodeRecord } from '../../src/oauth2/code/code-store.js';
import type { AccessTokenRecord } from '../../src/oauth2/tokens/access-token-store.js';
import type { RefreshRecord } from '../../src/oauth2/refresh/refresh-token-store.js';

export function accessRecord(clientId: string, requestId: string, extra: Partial<AccessTokenRecord> = {}): AccessTokenRecord {
  const now = Date.now();
  return {
    signature: `at-${randomUUID()}`,
    requestId,
    clientId,
    subject: 'alice',
    grantedScope: ['openid', 'offline'],
    grantedAudience: ['https://api.example'],
    requestedAt: now,
    expiresAt: now + 3_600_000,
    active: true,
    sessionData: '{"ext":{}}',
    ...extra,
  };
}

export function refreshRecord(clientId: string, requestId: string, extra: Partial<RefreshRecord> = {}): RefreshRecord {
  const now = Date.now();
  return {
    key: `rt-${randomUUID()}`,
    requestId,
    clientId,
    subject: 'alice',
    grantedScope: ['openid', 'offline'],
    grantedAudience: [],
    requestedAt: now,
    expiresAt: now + 86_400_000,
    active: true,
    revoked: false,
    firstUsedAt: null,
    usedTimes: 0,
    accessTokenKey: null,
    session: { ext: { team: 'blue' } },
    ...extra,
  };
}

export function codeRecord(clientId: string, extra: Partial<CodeRecord> = {}): CodeRecord {
  const now = Date.now();
  return {
    requestId: randomUUID(),
    clientId,
    requestedAt: now,
    expiresAt: now + 600_000,
    active: true,
    replayed: false,
    session: {
      redirectUri: 'https://rp.example/cb',
      redirectUriSent: true,
      subject: 'alice',
      scope: ['openid', 'offline'],
      audience: [],
      ext: { team: 'blue' },
      idTokenClaims: {},
      nonce: 'n-1',
      authTime: 1_700_000_000,
      acr: '0',
      amr: ['pwd'],
      sid: 'sid-1',
    },
    ...extra,
  };
}
