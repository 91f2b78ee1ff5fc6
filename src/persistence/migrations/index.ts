import type { Migration } from './migration.js';
import { clientsAndKeys } from './20261123000001-clients-and-keys.js';
import { jwkLock } from './20261123000002-jwk-lock.js';
import { oauth2AccessTokens } from './20261123000010-oauth2-access-tokens.js';
import { oauth2FlowAndCode } from './20261123000020-oauth2-flow-and-code.js';
import { oauth2RefreshTokens } from './20261123000030-oauth2-refresh-tokens.js';
import { oauth2Logout } from './20261123000040-oauth2-logout.js';
import { oauth2LogoutChannels } from './20261123000050-oauth2-logout-channels.js';
import { consentSessionIndex } from './20261123000060-consent-session-index.js';
import { jwkGenerationClaim } from './20261123000070-jwk-generation-claim.js';
import { clientCascade } from './20261207000100-client-cascade.js';
import { jtiBlacklist } from './20261208000100-jti-blacklist.js';
import { clientSealedSecret } from './20261208000200-client-sealed-secret.js';
import { clientRotatedSecrets } from './20261208000300-client-rotated-secrets.js';
import { trustedJwtBearerIssuer } from './20261208000400-trusted-jwt-bearer-issuer.js';
import { deviceCodes } from './20261208000500-device-codes.js';
import { loginSessionIdp } from './20261208000700-login-session-idp.js';
import { importedLoginSessions } from './20261208000910-imported-login-sessions.js';
import { forcedSubjectIdentifiers } from './20261208001000-forced-subject-identifiers.js';

/** Every migration, oldest first. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [clientsAndKeys, jwkLock, oauth2AccessTokens, oauth2FlowAndCode, oauth2RefreshTokens, oauth2Logout, oauth2LogoutChannels, consentSessionIndex, jwkGenerationClaim, clientCascade, jtiBlacklist, clientSealedSecret, clientRotatedSecrets, trustedJwtBearerIssuer, deviceCodes, loginSessionIdp, importedLoginSessions, forcedSubjectIdentifiers];
