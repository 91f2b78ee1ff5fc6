/**
 * What every page's routes share: the admin SDK, the CSRF guard, and the few ways a handler
 * answers (a page, a redirect back to the authorization server, an error page).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OAuth2Api } from '@ory/hydra-client';
import { CSRF_FIELD, type Csrf } from '../csrf.js';
import { alreadyHandled, describeAdminFailure } from '../admin-errors.js';
import { errorPage, type ErrorPageModel } from '../templates/error-page.js';

export interface AppContext {
  hydra: OAuth2Api;
  csrf: Csrf;
  /** Operator log; callers pass only statuses and codes, never user input or challenges. */
  log: (line: string) => void;
}

export type FormBody = Record<string, string | string[] | undefined>;

export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

export function sendError(reply: FastifyReply, status: number, model: ErrorPageModel): FastifyReply {
  return sendPage(reply, errorPage(model), status);
}

/** Follows the admin API's `redirect_to`, which always points back at the authorization server. */
export function followRedirect(reply: FastifyReply, redirectTo: string): FastifyReply {
  return reply.redirect(redirectTo, 302);
}

/**
 * Answers a failed admin API call with the error page and logs its status and code only. A 410
 * with `redirect_to` is Hydra saying the request was already handled (the user went back a page):
 * the browser is sent on to where the flow continues, as Hydra intends.
 */
export function sendAdminFailure(context: AppContext, reply: FastifyReply, error: unknown): FastifyReply {
  const handled = alreadyHandled(error);
  if (handled) return followRedirect(reply, handled);
  const failure = describeAdminFailure(error);
  context.log(failure.logLine);
  return sendError(reply, failure.status, failure.page);
}

/** The challenge from the query string, or an error page when the link is incomplete. */
export function queryChallenge(request: FastifyRequest, reply: FastifyReply, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  if (typeof value === 'string' && value.length > 0) return value;
  sendError(reply, 400, {
    title: 'This link is incomplete',
    message: `The ${name} parameter is missing. Start again from the application that sent you here.`,
  });
  return undefined;
}

/**
 * The posted form after the CSRF check, or undefined once a 403 page has been sent. Checked
 * before anything else so that a forged POST never reaches the admin API.
 */
export function checkedForm(context: AppContext, request: FastifyRequest, reply: FastifyReply): FormBody | undefined {
  const body = (request.body ?? {}) as FormBody;
  const challenge = single(body.challenge);
  if (context.csrf.verify(request, single(body[CSRF_FIELD])) && challenge) return body;
  sendError(reply, 403, {
    title: 'This form has expired',
    message: 'The form could not be verified. Go back, reload the page and try again.',
  });
  return undefined;
}

/** One value of a form field that a browser may send once or several times. */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a repeated field (checkboxes). */
export function many(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
