/**
 * Composes the login/consent flow, logout and the login sessions from the configuration. Called
 * once by the registry; the Fastify apps only mount what it returns. The authorization endpoint
 * that drives the browser's side of the flow is composed by registry/authorize.ts.
 */
import type { TesseraConfig } from '../config/types.js';
import type { SigningKeySource } from '../jwk/key-sets.js';
import { JwtSigner } from '../jwk/jwt-signer.js';
import { parseDuration } from '../config/duration.js';
import { Aead } from '../crypto/aead.js';
import type { Client } from '../client/client.js';
import type { Database } from '../persistence/database.js';
import { FlowCookies } from '../flow/flow-cookies.js';
import { LoginSessionCookie } from '../flow/login-session-cookie.js';
import { FlowService } from '../flow/flow-service.js';
import { LoginConsentAdmin } from '../flow/login-consent-admin.js';
import type { PublicKeySource } from '../logout/logout-hint.js';
import { ConsentSessions, type GrantRevoker } from '../session/consent-sessions.js';
import { LoginRevocations } from '../session/login-revocations.js';
import { LogoutAdmin } from '../logout/logout-admin.js';
import { END_SESSION_PATH } from '../logout/logout-routes.js';
import { LogoutService } from '../logout/logout-service.js';
import { BackChannelLogout, type LogSink } from '../logout/channel-logout/back-channel.js';
import type { OutboundHttp } from '../http/outbound/outbound-http.js';
import { ChannelLogout } from '../logout/channel-logout/channel-logout.js';
import { LogoutTokens } from '../logout/channel-logout/logout-token.js';
import { SubjectIdentifiers } from '../session/subject-identifier.js';
import { SqlFlowStore } from '../persistence/sql/flow.js';
import { SqlLogoutStore } from '../persistence/sql/logout.js';
import { SqlSessionClients } from '../persistence/sql/session-client.js';
import { SqlLoginRevocationStore } from '../persistence/sql/login-revocation.js';
import { SqlConsentSessionStore } from '../persistence/sql/consent-session.js';
import { SqlIdentityProviderSessions } from '../persistence/sql/login-session-idp.js';
import { IdentityProviderLogout, type IdentityProviderLog } from '../session/identity-provider-logout.js';
import { KratosAdmin } from '../session/kratos-admin.js';
import { ImportedLoginSessions } from '../flow/imported-login-sessions.js';
import { hydraCookieKeys } from '../flow/hydra-session-cookie.js';
import { SqlImportedLoginSessions } from '../persistence/sql/imported-login-session.js';
import { SqlForcedSubjects } from '../persistence/sql/forced-subject.js';

export interface FlowServices {
  /** The browser's side of the flow, driven by the authorization endpoint. */
  browser: FlowService;
  admin: LoginConsentAdmin;
  logout: LogoutService;
  logoutAdmin: LogoutAdmin;
  consentSessions: ConsentSessions;
  loginRevocations: LoginRevocations;
  /** Back-Channel Logout 1.0 deliveries, which run in the background of the logout. */
  backChannelLogout: BackChannelLogout;
  /** Ory Kratos session disabling (urls.identity_provider), which also runs in the background. */
  identityProviderLogout: IdentityProviderLogout;
}

export interface FlowDependencies {
  config: TesseraConfig;
  database: Database;
  aead: Aead;
  clients: { find(id: string): Promise<Client | undefined> };
  keys: PublicKeySource & SigningKeySource;
  grants: GrantRevoker;
  now: () => number;
  /** Where back-channel logout and Kratos outcomes are logged (never with the token or the headers). */
  logger?: LogSink & IdentityProviderLog;
  /** The guarded client of every outbound request (clients.http.*). */
  outbound: OutboundHttp;
}

const silent: LogSink & IdentityProviderLog = { info: () => {}, warn: () => {}, error: () => {} };

export function createFlowServices(deps: FlowDependencies): FlowServices {
  const { config, now } = deps;
  const store = new SqlFlowStore(deps.database, deps.aead);
  const ttlMs = parseDuration(config.ttl.login_consent_request);
  const fallback = (page: string) => new URL(`oauth2/fallbacks/${page}`, config.urls.self.public).toString();
  const cookies = new FlowCookies(config);
  // Front- and back-channel logout (OIDC Front-Channel Logout 1.0, Back-Channel Logout 1.0).
  const issuer = config.urls.self.issuer;
  const sessionClients = new SqlSessionClients(deps.database, now);
  const backChannelLogout = new BackChannelLogout(new LogoutTokens(new JwtSigner(deps.keys), { issuer, now }), deps.logger ?? silent, deps.outbound);
  const channelLogout = new ChannelLogout(sessionClients, deps.clients, backChannelLogout, issuer);
  // Hydra's internal/kratos: the identity provider's session ends with the login session.
  const kratosUrl = config.urls.identity_provider?.url;
  const kratos = kratosUrl ? new KratosAdmin(deps.outbound, kratosUrl, config.urls.identity_provider?.headers ?? {}) : undefined;
  const identityProviderLogout = new IdentityProviderLogout(new SqlIdentityProviderSessions(deps.database), kratos, deps.logger ?? silent);
  const loginRevocations = new LoginRevocations(
    new SqlLoginRevocationStore(deps.database),
    now,
    async (sid) => {
      await channelLogout.endSession(sid);
      await identityProviderLogout.sessionEnded(sid);
    },
    (subject) => identityProviderLogout.subjectRevoked(subject),
  );
  // The remembered login is sealed under secrets.cookie, or secrets.system when none is set (Hydra's GetCookieSecrets).
  const cookieAead = new Aead(config.secrets.cookie.length > 0 ? config.secrets.cookie : config.secrets.system);
  const sessions = new LoginSessionCookie(cookieAead, config, parseDuration(config.ttl.authentication_session), cookies);
  // Hydra's own cookie of a login session `import hydra` carried over (issue 13).
  const imported = new ImportedLoginSessions(
    new SqlImportedLoginSessions(deps.database),
    hydraCookieKeys(config.secrets),
    sessions.name,
    parseDuration(config.ttl.authentication_session),
  );
  const subjects = new SubjectIdentifiers(deps.clients, {
    supportedTypes: config.oidc.subject_identifiers.supported_types,
    salt: config.oidc.subject_identifiers.pairwise?.salt ?? '',
  });
  const browser = new FlowService(
    store,
    cookies,
    sessions,
    { login: config.urls.login ?? fallback('login'), consent: config.urls.consent ?? fallback('consent'), registration: config.urls.registration },
    { ttlMs, now, revoked: (login) => loginRevocations.covers(login), subjectIdentifier: (client, subject, forced) => subjects.forClient(client, subject, forced),
      // A client given tokens in a login session is one of that session's RPs, to notify at logout.
      joinSession: (joined) => sessionClients.join(joined),
      forcedSubjects: new SqlForcedSubjects(deps.database),
      importedLogin: (header, at) => imported.read(header, at) },
  );
  // RP-Initiated Logout 1.0: the logout UI, then the post-logout landing page (§3).
  const logoutStore = new SqlLogoutStore(deps.database);
  const logout = new LogoutService(
    logoutStore,
    sessions,
    deps.clients,
    deps.keys,
    { logout: config.urls.logout ?? fallback('logout'), postLogout: config.urls.post_logout_redirect ?? fallback('logout/callback') },
    { issuer, ttlMs, now, revokeSid: (sid) => loginRevocations.revoke(undefined, sid), endSession: (sid) => channelLogout.endSession(sid),
      importedLogin: (header, at) => imported.read(header, at) },
  );
  const endSession = new URL(END_SESSION_PATH, config.urls.self.public).toString();
  const logoutAdmin = new LogoutAdmin(logoutStore, deps.clients, endSession, now);
  return { browser, admin: new LoginConsentAdmin(store, deps.clients, { ttlMs, now }), logout, logoutAdmin,
    consentSessions: new ConsentSessions(new SqlConsentSessionStore(deps.database, deps.aead), deps.grants, deps.clients, new Aead(config.secrets.pagination), now), loginRevocations, backChannelLogout, identityProviderLogout };
}
