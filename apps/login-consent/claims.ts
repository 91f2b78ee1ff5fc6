/**
 * The claims put into the ID token at consent: only what the granted scopes allow (OpenID
 * Connect Core 5.4: `email` → email, email_verified; `profile` → name). The access token carries
 * no extra claims, since resource servers introspect it and need nothing personal.
 */
import type { AcceptOAuth2ConsentRequestSession } from '@ory/hydra-client';
import type { Account } from './demo-account.js';

export function sessionClaims(account: Account | undefined, grantedScopes: string[]): AcceptOAuth2ConsentRequestSession {
  const idToken: Record<string, unknown> = {};
  if (account && grantedScopes.includes('email')) {
    idToken.email = account.email;
    // The demo account's address is configured, not typed by a stranger, so it counts as verified.
    idToken.email_verified = true;
  }
  if (account && grantedScopes.includes('profile')) idToken.name = account.name;
  return { access_token: {}, id_token: idToken };
}
