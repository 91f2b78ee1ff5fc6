/**
 * What the client-assertion tests share: a JWKS server on 127.0.0.1 that counts its hits and
 * whose set a test may change (a client's `jwks_uri`), key pairs with their public JWKs, an
 * assertion builder that signs exactly the header and claims a test asks for, and a raw token
 * request whose OAuth error body the test reads.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { freePort } from '../../support/ports.js';
import { request } from '../../support/http.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface JwksServer {
  url: string;
  /** How many times the set was fetched. */
  hits: number;
  keys: JWK[];
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const port = await freePort();
  const state: JwksServer = { url: `http://127.0.0.1:${port}/jwks.json`, hits: 0, keys, close: async () => {} };
  const server: Server = createServer((req, res) => {
    state.hits += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

export interface KeyPair {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  /** The public JWK with kid, alg and use "sig", as a client registers it. */
  jwk: JWK;
}

export async function keyPair(alg: string, kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface AssertionInput {
  clientId: string;
  audience: string;
  /** The server's clock (epoch ms): `exp` is a minute after it unless the claims say otherwise. */
  now: number;
  claims?: Partial<Record<keyof JWTPayload, unknown>>;
  /** Claims to leave out of the defaults (iss, sub, aud, jti, exp, iat). */
  omit?: string[];
}

export function assertionClaims({ clientId, audience, now, claims = {}, omit = [] }: AssertionInput): Record<string, unknown> {
  const seconds = Math.floor(now / 1000);
  const payload: Record<string, unknown> = { iss: clientId, sub: clientId, aud: audience, jti: randomUUID(), iat: seconds, exp: seconds + 60, ...claims };
  for (const claim of omit) delete payload[claim];
  return payload;
}

/** A JWS over the claims with `key` (a private key, or HMAC key bytes) and exactly `header`. */
export async function sign(input: AssertionInput, key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }): Promise<string> {
  return new SignJWT(assertionClaims(input) as JWTPayload).setProtectedHeader(header).sign(key);
}

/** An unsecured JWT (`alg: none`, RFC 7519 §6), which jose will not produce through SignJWT. */
export function unsecured(input: AssertionInput): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(assertionClaims(input))}.`;
}

/** POSTs a form to `url` (token or revocation endpoint); the body is the JSON answer. */
export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return request('POST', url, new URLSearchParams(form).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
}

/** A client_credentials request authenticated by `assertion` (client_id sent unless null). */
export async function tokenWithAssertion(tokenEndpoint: string, assertion: string, clientId: string | null, extra: Record<string, string> = {}) {
  const form: Record<string, string> = { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion, ...extra };
  if (clientId !== null) form.client_id = clientId;
  return postForm(tokenEndpoint, form);
}
