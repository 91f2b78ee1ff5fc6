/**
 * Generates one private JSON Web Key, as Hydra's `jwk.GenerateJWK`: the algorithm decides the
 * key (algorithms.ts), the kid defaults to a random UUID and `use` to "sig". Key pairs come from
 * jose (WebCrypto, off the event loop); symmetric keys are random bytes from node:crypto.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { GENERATION } from './algorithms.js';
import type { Jwk } from './jwk.js';

export interface GenerateRequest {
  alg: string;
  /** Empty or absent: a random UUID (Hydra: `uuid.NewV4`). */
  kid?: string;
  /** Empty or absent: "sig" (Hydra's default). */
  use?: string;
}

export class UnsupportedAlgorithmError extends Error {
  constructor(readonly alg: string) {
    super(`Unsupported key algorithm ${JSON.stringify(alg)}`);
    this.name = 'UnsupportedAlgorithmError';
  }
}

export async function generateJwk(request: GenerateRequest): Promise<Jwk> {
  const spec = Object.hasOwn(GENERATION, request.alg) ? GENERATION[request.alg] : undefined;
  if (!spec) throw new UnsupportedAlgorithmError(request.alg);
  const kid = request.kid || randomUUID();
  const use = request.use || 'sig';
  if (spec.kty === 'oct') {
    return { kty: 'oct', kid, use, alg: request.alg, k: randomBytes(spec.bytes).toString('base64url') };
  }
  const { privateKey } = await generateKeyPair(request.alg, {
    extractable: true,
    ...(spec.kty === 'RSA' ? { modulusLength: spec.modulusLength } : { crv: spec.crv }),
  });
  const exported = await exportJWK(privateKey);
  return { kty: spec.kty, kid, use, alg: request.alg, ...exported } as Jwk;
}
