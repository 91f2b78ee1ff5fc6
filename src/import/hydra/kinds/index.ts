/**
 * The kinds the import carries over, in the order it copies them: a row may only refer to rows
 * of kinds above it (a token to its client, a trust relationship to its key, a consent to its
 * client and login session).
 */
import { accessTokens } from './access-tokens.js';
import { authorizationCodes } from './authorization-codes.js';
import { clients } from './clients.js';
import { consents } from './consents.js';
import { deviceCodes } from './device-codes.js';
import { forcedSubjects } from './forced-subjects.js';
import type { HydraKind } from './kind.js';
import { keys } from './keys.js';
import { loginSessions } from './login-sessions.js';
import { logoutRequests } from './logout-requests.js';
import { refreshTokens } from './refresh-tokens.js';
import { trustRelationships } from './trust-relationships.js';

export const HYDRA_KINDS: readonly HydraKind[] = [
  clients,
  keys,
  trustRelationships,
  loginSessions,
  consents,
  forcedSubjects,
  accessTokens,
  refreshTokens,
  authorizationCodes,
  deviceCodes,
  logoutRequests,
];
