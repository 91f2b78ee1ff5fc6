/**
 * `POST /credentials`: a verifiable credential that the holder of an access token owns a key
 * pair, as Hydra implements OpenID for Verifiable Credential Issuance draft 00 (oauth2/handler.go
 * createVerifiableCredential, oauth2/verifiable_credentials.go). Framework-free.
 *
 * 1. The access token (RFC 6750 §2.1, as at /userinfo) must be one Tessera issued and still active.
 * 2. The body names `format: jwt_vc_json`. Without a `proof` the answer is Hydra's "priming"
 *    400 `missing_proof` with a fresh `c_nonce` (credential-nonces.ts).
 * 3. A `proof` of type `jwt` is a JWT whose header carries the holder's public `jwk` and which that
 *    key signed, with a `nonce` claim issued for this access token.
 * 4. The credential is a JWT signed with the ID token keys (hydra.openid.id-token): `sub` and
 *    `vc.credentialSubject.id` are the holder's key as a did:jwk, `credentialSubject.sub` the
 *    user as the ID token names them, beside the consent's `session.id_token` claims and `sid`.
 */
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { errors } from '../../core/errors.js';
import type { Aead } from '../../crypto/aead.js';
import type { JwtSigner } from '../../jwk/jwt-signer.js';
import { ID_TOKEN_SET } from '../../jwk/key-sets.js';
import type { AccessTokenStore } from '../tokens/access-token-store.js';
import type { TokenIntrospector } from '../tokens/token-introspector.js';
import { openSession } from '../tokens/token-session.js';
import { bearerErrors } from '../userinfo/bearer-token.js';
import { CREDENTIAL_SCOPES, type CredentialNonces } from './credential-nonces.js';

/** Hydra's credentials_supported_draft_00 suites: every asymmetric JWS algorithm, never HMAC or none. */
export const PROOF_ALGORITHMS = ['PS256', 'RS256', 'ES256', 'PS384', 'RS384', 'ES384', 'PS512', 'RS512', 'ES512', 'EdDSA'];
export const CREDENTIAL_TYPES = ['VerifiableCredential', 'UserInfoCredential'];
/** Hydra's validity of a credential: one hour from the grant's issue time. */
const CREDENTIAL_LIFESPAN_S = 3600;
/** The members of a public JWK that its did:jwk carries, in the order go-jose writes them. */
const PUBLIC_MEMBERS = ['use', 'kty', 'kid', 'crv', 'alg', 'x', 'y', 'n', 'e'];

export type CredentialAnswer =
  | { status: 200; body: { format: 'jwt_vc_json'; credential_draft_00: string } }
  | { status: 400; body: { error: 'missing_proof'; error_description: string; format: 'jwt_vc'; c_nonce: string; c_nonce_expires_in: number } };

interface Proof {
  proof_type?: string;
  jwt?: string;
}

export class CredentialEndpoint {
  constructor(
    private readonly introspector: TokenIntrospector,
    private readonly accessTokens: AccessTokenStore,
    private readonly aead: Aead,
    private readonly nonces: CredentialNonces,
    private readonly signer: JwtSigner,
    private readonly options: { issuer: string; now: () => number },
  ) {}

  async respond(token: string | undefined, body: unknown): Promise<CredentialAnswer> {
    if (token === undefined) throw bearerErrors.missing;
    const key = await this.introspector.accessTokenKey(token);
    const record = key ? await this.accessTokens.get(key) : undefined;
    if (!record || !record.active || record.expiresAt <= this.options.now()) throw bearerErrors.invalidToken;
    // Tessera's addition (Hydra issues for any active token): a credential attests a user, so the
    // token must be a user's, granted the scopes that ask for one (RFC 6750 §3.1 insufficient_scope).
    if (!CREDENTIAL_SCOPES.every((scope) => record.grantedScope.includes(scope))) {
      throw errors.insufficientScope.withHint(`The access token must be granted the scopes ${CREDENTIAL_SCOPES.map(goQuote).join(' and ')} to obtain a verifiable credential.`);
    }

    const request = decodeBody(body);
    if (request.format !== 'jwt_vc_json') throw errors.invalidRequest.withHint(`The format ${goQuote(request.format ?? '')} is not supported.`);
    if (!request.proof) {
      const { nonce, expiresIn } = this.nonces.issue(token);
      return { status: 400, body: {
        error: 'missing_proof',
        error_description: 'Could not issue a verifiable credential because the proof is missing in the request.',
        format: 'jwt_vc', c_nonce: nonce, c_nonce_expires_in: expiresIn,
      } };
    }
    if (request.proof.proof_type !== 'jwt') throw errors.invalidRequest.withHint(`The proof type ${goQuote(request.proof.proof_type ?? '')} is not supported.`);
    const holder = await verifyProof(request.proof.jwt ?? '');
    if (typeof holder.nonce !== 'string') throw errors.invalidRequest.withHint('The JWT did not contain the "nonce" claim.');
    this.nonces.verify(token, holder.nonce);

    // did:jwk (https://github.com/quartzjer/did-jwk): the holder's public key, base64url JSON.
    const did = `did:jwk:${Buffer.from(JSON.stringify(holder.jwk)).toString('base64url')}`;
    const session = openSession(this.aead, record.sessionData).idToken;
    // The consent's ID token claims first: Hydra lets them replace id and sub, Tessera does not,
    // as the credential would then attest a key or a user it never checked.
    const subject: Record<string, unknown> = { ...(session?.claims ?? {}), ...(session?.sid ? { sid: session.sid } : {}) };
    subject.id = did;
    subject.sub = session?.subject ?? record.subject;
    const issuedAt = Math.floor(record.requestedAt / 1000);
    const credential = await this.signer.sign(ID_TOKEN_SET, {
      iss: this.options.issuer,
      sub: did,
      exp: issuedAt + CREDENTIAL_LIFESPAN_S,
      nbf: issuedAt,
      iat: issuedAt,
      jti: randomUUID(),
      vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], credentialSubject: subject, type: CREDENTIAL_TYPES },
    }, 'JWT');
    return { status: 200, body: { format: 'jwt_vc_json', credential_draft_00: credential } };
  }
}

/** Hydra decodes into a typed struct: a member of the wrong type is a body it cannot decode. */
function decodeBody(body: unknown): { format?: string; proof?: Proof } {
  const undecodable = errors.invalidRequest.withHint('Unable to decode request body.');
  if (!isObject(body)) throw undecodable;
  const { format, types, proof } = body;
  if (format !== undefined && format !== null && typeof format !== 'string') throw undecodable;
  if (types !== undefined && types !== null && !(Array.isArray(types) && types.every((t) => typeof t === 'string'))) throw undecodable;
  if (proof === undefined || proof === null) return { format: format ?? undefined };
  if (!isObject(proof)) throw undecodable;
  for (const member of [proof.proof_type, proof.jwt]) {
    if (member !== undefined && member !== null && typeof member !== 'string') throw undecodable;
  }
  return { format: format ?? undefined, proof: { proof_type: (proof.proof_type as string | null) ?? undefined, jwt: (proof.jwt as string | null) ?? undefined } };
}

/** The proof's public key (as did:jwk writes it) and nonce, once its signature checks under that key. */
async function verifyProof(jwt: string): Promise<{ jwk: Record<string, string>; nonce: unknown }> {
  if (!jwt.includes('.')) throw errors.invalidRequest.withHint('The JWT in the proof is malformed.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw errors.invalidRequest.withHint('The JWT header in the proof is malformed.');
  }
  const malformedKey = errors.invalidRequest.withHint('The JWK in the JWT header is malformed.');
  const jwk = header.jwk as JWK | undefined;
  // A public key only: a private member (d, p, q, ...) or a symmetric key is not a holder binding.
  if (!isObject(jwk) || typeof jwk.kty !== 'string' || jwk.kty === 'oct' || 'd' in jwk || 'k' in jwk) throw malformedKey;
  const wrongKey = errors.invalidRequest.withHint('The JWT was not signed with the correct key supplied in the JWK header.');
  if (typeof header.alg !== 'string' || !PROOF_ALGORITHMS.includes(header.alg)) throw wrongKey;
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK(jwk, header.alg);
  } catch {
    throw malformedKey;
  }
  try {
    const { payload } = await jwtVerify(jwt, key, { algorithms: [header.alg] });
    const publicJwk: Record<string, string> = {};
    for (const member of PUBLIC_MEMBERS) {
      const value = (jwk as Record<string, unknown>)[member];
      if (typeof value === 'string') publicJwk[member] = value;
    }
    return { jwk: publicJwk, nonce: payload.nonce };
  } catch {
    throw wrongKey;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's %q for the hint texts Hydra writes. */
function goQuote(value: string): string {
  return JSON.stringify(value);
}
