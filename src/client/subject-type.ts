/**
 * OpenID Connect Core §8: the subject identifier type a client receives. Only the types in
 * oidc.subject_identifiers.supported_types may be chosen; like Hydra (`SubjectTypesSupported`),
 * pairwise is withdrawn when the client's access tokens are JWTs, because a JWT access token
 * carries the public subject and would undo the pairwise one. With no type given the client gets
 * public when offered, else the first type offered.
 */
import { errors } from '../core/errors.js';

export function supportedSubjectTypes(configured: readonly string[], accessTokenStrategy: 'jwt' | 'opaque'): string[] {
  let pub = configured.includes('public');
  let pairwise = configured.includes('pairwise');
  pub = pub || !pairwise;
  if (pairwise && accessTokenStrategy === 'jwt') pairwise = false;
  if (!pub && !pairwise) pub = true;
  return [...(pub ? ['public'] : []), ...(pairwise ? ['pairwise'] : [])];
}

export function checkSubjectType(
  requested: string | undefined,
  configured: readonly string[],
  accessTokenStrategy: 'jwt' | 'opaque',
): string {
  const supported = supportedSubjectTypes(configured, accessTokenStrategy);
  if (!requested) return supported.includes('public') ? 'public' : supported[0]!;
  if (!supported.includes(requested)) {
    throw errors.invalidClientMetadata.withHint(
      `Subject type "${requested}" is not supported by this server; supported: ${supported.join(', ')}.`,
    );
  }
  return requested;
}
