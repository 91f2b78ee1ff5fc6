/**
 * One authorization request of the example client: a fresh state and nonce (24 lowercase
 * letters, as Hydra's CLI draws them) and a PKCE S256 pair (RFC 7636), so that a code caught on
 * the way back is useless without this process's verifier. With --no-shutdown a new request is
 * drawn after every callback, so state, nonce and verifier are never reused.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { FlowSettings } from './flow-settings.js';

export interface AuthorizeRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

function lowercaseToken(length: number): string {
  let token = '';
  for (let i = 0; i < length; i++) token += LOWER[randomInt(LOWER.length)];
  return token;
}

/** RFC 7636 §4.1-4.2: 32 random octets as base64url (43 characters), challenge = BASE64URL(SHA256(verifier)). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}

export function newAuthorizeRequest(settings: FlowSettings): AuthorizeRequest {
  const { flags, client } = settings;
  const state = flags.state || lowercaseToken(24);
  const nonce = lowercaseToken(24);
  const pkce = pkcePair();
  const url = new URL(settings.authUrl);
  // golang.org/x/oauth2's AuthCodeURL: the standard parameters, then the extra ones.
  const params: Record<string, string | undefined> = {
    client_id: client.id,
    redirect_uri: settings.redirectUrl,
    response_type: 'code',
    scope: flags.scope.length > 0 ? flags.scope.join(' ') : undefined,
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    // Hydra v2 leaves out what was not asked for; v1 sent empty values, which servers ignore.
    audience: flags.audience && flags.audience.length > 0 ? flags.audience.join(' ') : undefined,
    prompt: flags.prompt && flags.prompt.length > 0 ? flags.prompt.join(' ') : undefined,
    max_age: maxAge(settings),
    response_mode: flags.responseMode || undefined,
  };
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  // Go's url.Values.Encode sorts by key; the same order keeps URLs comparable with Hydra's.
  url.searchParams.sort();
  return { url: url.toString(), state, nonce, codeVerifier: pkce.verifier };
}

/**
 * v2 sends max_age from 0 up and leaves it out at -1 (its default). v1 always sent its default 0,
 * which fosite read as "not set"; leaving it out says the same to any server.
 */
function maxAge(settings: FlowSettings): string | undefined {
  const { maxAge } = settings.flags;
  if (maxAge < 0) return undefined;
  if (settings.style === 'v1' && maxAge === 0) return undefined;
  return String(maxAge);
}
