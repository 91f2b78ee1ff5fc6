/**
 * The protocol code of the authorization and token endpoints, composed as the registry composes
 * it (registry.ts and the *-services.ts factories) but over the in-memory stores of
 * memory-stores/: the authorization endpoint with the browser's side of the flow, the login/consent
 * app's side (LoginConsentAdmin), and the code and refresh grants. Real token formats, real
 * signatures, real cookies; no HTTP and no database, so a unit test can line steps up exactly
 * (two uses of one verifier at once, a store that fails mid-transaction) and read every store
 * afterwards.
 */
import assert from 'node:assert/strict';
import { generateKeyPair } from 'jose';
import type { Client } from '../../src/client/client.js';
import { loadConfig } from '../../src/config/load.js';
import { FormParameters } from '../../src/core/form-parameters.js';
import { IdTokenIssuer } from '../../src/oauth2/tokens/id-token.js';
import { scopeStrategy } from '../../src/core/scope-strategy.js';
import { Aead } from '../../src/crypto/aead.js';
import { HmacTokenStrategy } from '../../src/crypto/hmac-token.js';
import { FlowCookies } from '../../src/flow/flow-cookies.js';
import { FlowService } from '../../src/flow/flow-service.js';
import { LoginConsentAdmin } from '../../src/flow/login-consent-admin.js';
import { LoginSessionCookie } from '../../src/flow/login-session-cookie.js';
import { JwtSigner } from '../../src/jwk/jwt-signer.js';
import type { AuthorizeEndpoint } from '../../src/oauth2/authorize/authorize-endpoint.js';
import type { AuthorizeOutcome } from '../../src/oauth2/authorize/authorization-response.js';
import { createAuthorizeServices } from '../../src/registry/authorize.js';
import { FrontChannelTokens } from '../../src/oauth2/authorize/front-channel-tokens.js';
import { AuthorizationCodes } from '../../src/oauth2/code/authorization-codes.js';
import { CodeRedemption } from '../../src/oauth2/code/code-redemption.js';
import { AuthorizationCodeGrant } from '../../src/oauth2/grants/authorization-code.js';
import { RefreshTokenGrant } from '../../src/oauth2/grants/refresh-token.js';
import { RefreshTokens } from '../../src/oauth2/refresh/refresh-tokens.js';
import { AccessTokenIssuer } from '../../src/oauth2/tokens/access-token-issuer.js';
import { TokenResponder } from '../../src/oauth2/tokens/token-responder.js';
import type { UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { MemoryUnitOfWork } from './memory-stores/memory-unit-of-work.js';
import { RegisteredClientKeys } from '../../src/oauth2/assertion/registered-client-keys.js';
import { OutboundHttp } from '../../src/http/outbound/outbound-http.js';
import { OutboundPolicy } from '../../src/http/outbound/outbound-policy.js';
import { clientModel } from './client-model.js';

export const ISSUER = 'https://as.test/';
export const REDIRECT = 'https://rp.test/cb';
const SECRET = 'a-system-secret-of-at-least-32-characters';

/** A confidential client of every grant and response type the tests use. */
export function memoryClient(id: string, extra: Partial<Client> = {}): Client {
  return clientModel(id, {
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token', 'implicit'],
    response_types: ['code', 'token', 'id_token', 'code token', 'code id_token', 'id_token token', 'code id_token token'],
    scope: 'openid offline photos.read',
    ...extra,
  });
}

export interface MemoryProtocolOptions {
  /** The stores; a fresh set when absent. */
  memory?: MemoryUnitOfWork;
  /** The unit of work the authorization endpoint writes its last step through; `memory` when absent. */
  unitOfWork?: UnitOfWork;
  clients?: Client[];
  now?: () => number;
}

export interface MemoryProtocol {
  memory: MemoryUnitOfWork;
  authorize: AuthorizeEndpoint;
  admin: LoginConsentAdmin;
  codeGrant: AuthorizationCodeGrant;
  /** Strict rotation: no grace period. */
  refreshGrant: RefreshTokenGrant;
}

export async function memoryProtocol(options: MemoryProtocolOptions = {}): Promise<MemoryProtocol> {
  const memory = options.memory ?? new MemoryUnitOfWork();
  const now = options.now ?? Date.now;
  const stores = memory.stores();
  const { config } = loadConfig({ env: { SECRETS_SYSTEM: SECRET, URLS_SELF_ISSUER: ISSUER } });
  const directory = new Map((options.clients ?? [memoryClient('rp')]).map((client) => [client.client_id, client]));
  const clients = { find: async (id: string) => directory.get(id) };
  const { privateKey } = await generateKeyPair('ES256');
  const signer = new JwtSigner({ signingKey: async (set) => ({ kid: `${set}-kid`, alg: 'ES256', key: privateKey }) });
  const hmac = new HmacTokenStrategy([SECRET]);
  const aead = new Aead([SECRET]);
  // The token side (token-services.ts).
  const accessTokens = new AccessTokenIssuer({
    hmac,
    signer,
    aead,
    options: { issuer: ISSUER, scopeClaim: 'list', accessTokenProfile: 'hydra', claimShaping: { allowedTopLevelClaims: [], mirrorTopLevelClaims: true, preserveExtClaims: false }, excludeNotBefore: false, encryptAtRest: false, now },
  });
  const refresh = new RefreshTokens(stores.refreshTokens, memory, hmac, { now });
  const idTokens = new IdTokenIssuer(signer, { issuer: ISSUER, now });
  const defaults = { access_token: 3_600_000, id_token: 3_600_000, refresh_token: 86_400_000 };
  const responder = new TokenResponder({ accessTokens, refreshTokens: refresh, idTokens, defaults, defaultStrategy: 'opaque', now });
  const codes = new AuthorizationCodes(stores.codes, hmac, { lifespanMs: 600_000, now });
  const codeGrant = new AuthorizationCodeGrant({
    codes,
    redemption: new CodeRedemption(memory),
    responder,
    accessTokens: stores.accessTokens,
    refresh,
    now,
  });
  const refreshGrant = new RefreshTokenGrant({
    refresh,
    responder,
    now,
    options: { scopeStrategy: scopeStrategy(config.strategies.scope), grace: { periodMs: 0, reuseCount: 0 } },
  });
  // The flow (registry/flows.ts), without logout's collaborators.
  const ttlMs = 3_600_000;
  const cookies = new FlowCookies(config);
  const sessions = new LoginSessionCookie(aead, config, ttlMs, cookies);
  const browser = new FlowService(
    stores.flows,
    cookies,
    sessions,
    { login: 'https://login.test/login', consent: 'https://login.test/consent' },
    { ttlMs, now },
  );
  const admin = new LoginConsentAdmin(stores.flows, clients, { ttlMs, now });
  // The authorization endpoint (authorize-services.ts).
  const frontChannel = new FrontChannelTokens({ responder, issuer: ISSUER, now });
  const keys = { publicJwks: async () => ({ keys: [] }) };
  const { authorize } = createAuthorizeServices({
    config,
    clients,
    flows: browser,
    codes,
    frontChannel,
    keys,
    unitOfWork: options.unitOfWork ?? memory,
    clientKeys: new RegisteredClientKeys(),
    outbound: new OutboundHttp(new OutboundPolicy()),
    now,
  });
  return { memory, authorize, admin, codeGrant, refreshGrant };
}

/** A user agent in memory: it sends the cookies it was given and follows nothing by itself. */
export class MemoryBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly authorize: AuthorizeEndpoint) {}

  /** One hop to the authorization endpoint at `url`; returns where it sends the user agent. */
  async visit(url: string): Promise<string> {
    const search = new URL(url).searchParams;
    const outcome: AuthorizeOutcome = await this.authorize.handle({
      params: FormParameters.from(Object.fromEntries(search)),
      requestUrl: url,
      cookieHeader: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') || undefined,
    });
    for (const line of outcome.cookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    assert.ok(outcome.location, 'a redirect, not a page');
    return outcome.location;
  }
}

export function authorizeUrl(params: Record<string, string>): string {
  const url = new URL('oauth2/auth', ISSUER);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

export const param = (location: string, name: string): string | null => {
  const url = new URL(location);
  return url.searchParams.get(name) ?? new URLSearchParams(url.hash.slice(1)).get(name);
};

/**
 * Login and consent granted for everything requested, through the admin side; returns the URL
 * that carries the consent verifier, which the browser has not visited yet.
 */
export async function consentVerifierUrl(
  protocol: MemoryProtocol,
  browser: MemoryBrowser,
  params: Record<string, string>,
): Promise<string> {
  const loginChallenge = param(await browser.visit(authorizeUrl(params)), 'login_challenge');
  assert.ok(loginChallenge);
  const login = await protocol.admin.acceptLogin(loginChallenge, { subject: 'alice', acr: '1', amr: ['pwd'] });
  const consentChallenge = param(await browser.visit(login.redirect_to), 'consent_challenge');
  assert.ok(consentChallenge);
  const scope = (params.scope ?? '').split(' ').filter(Boolean);
  return (await protocol.admin.acceptConsent(consentChallenge, { grant_scope: scope })).redirect_to;
}
