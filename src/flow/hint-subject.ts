/**
 * OIDC Core §3.1.2.1 id_token_hint: "If the End-User identified by the ID Token is logged in or is
 * logged in by the request, then the Authorization Server returns a positive response; otherwise,
 * it SHOULD return an error, such as login_required." As in Hydra (consent/strategy_default.go
 * requestAuthentication), a remembered login of another subject is refused with login_required,
 * whatever the prompt, rather than silently reused for the wrong user. The hint's `sub` is the one
 * the client was told: the local subject, or its pairwise identifier (OIDC Core §8.1), both of
 * which name the session's user (Hydra matchesValueFromSession).
 */
import { errors } from '../core/errors.js';
import type { AuthorizeRequest } from './flow-model.js';

export function checkHintSubject(request: AuthorizeRequest, sessionSubjects: readonly string[]): void {
  const hinted = request.idTokenHintClaims?.sub;
  if (hinted === undefined || sessionSubjects.includes(hinted as string)) return;
  throw errors.loginRequired.withHint('Request failed because subject claim from id_token_hint does not match subject from authentication session.');
}
