/**
 * The one user of this reference app, the same as hydra-login-consent-node's, so that guides
 * written for Hydra work as written. A real app would look users up in its identity store here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Account {
  /** The subject the admin API is told about, and so the `sub` of every token. */
  subject: string;
  email: string;
  name: string;
}

export const DEMO_EMAIL = 'foo@bar.com';
export const DEMO_PASSWORD = 'foobar';

const DEMO_ACCOUNT: Account = { subject: DEMO_EMAIL, email: DEMO_EMAIL, name: 'Foo Bar' };

/** The account for these credentials, or undefined. Compares digests so timing says nothing. */
export function authenticate(email: unknown, password: unknown): Account | undefined {
  if (typeof email !== 'string' || typeof password !== 'string') return undefined;
  const emailOk = sameText(email.trim().toLowerCase(), DEMO_EMAIL);
  const passwordOk = sameText(password, DEMO_PASSWORD);
  return emailOk && passwordOk ? DEMO_ACCOUNT : undefined;
}

/** The account a remembered subject names, for the claims of a skipped consent. */
export function findAccount(subject: string | undefined): Account | undefined {
  return subject === DEMO_ACCOUNT.subject ? DEMO_ACCOUNT : undefined;
}

function sameText(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}
