/**
 * How an authorization response reaches the client, in its response mode (OAuth 2.0 Multiple
 * Response Type Encoding Practices §2.1, Form Post Response Mode §2): the parameters are added to
 * the redirect URI's query (keeping the query it was registered with, RFC 6749 §3.1.2), put in
 * its fragment (which replaces any fragment: the endpoint URI MUST NOT have one, §3.1.2), or
 * posted by an auto-submitting HTML form.
 */
import type { FormPostPage } from './form-post.js';
import { formPostPage } from './form-post.js';
import type { ResponseMode } from './response-type.js';

export type ResponseFields = Array<[string, string]>;

/** Either a redirect, or a page that the user agent posts on (form_post). */
export interface AuthorizeOutcome {
  location?: string;
  page?: FormPostPage;
  cookies: string[];
}

export function authorizationResponse(redirectUri: string, mode: ResponseMode, fields: ResponseFields): AuthorizeOutcome {
  const url = new URL(redirectUri);
  url.hash = '';
  if (mode === 'form_post') return { page: formPostPage(url.toString(), fields), cookies: [] };
  if (mode === 'fragment') {
    return { location: `${url.toString()}#${new URLSearchParams(fields).toString()}`, cookies: [] };
  }
  for (const [name, value] of fields) url.searchParams.set(name, value);
  return { location: url.toString(), cookies: [] };
}
