/**
 * Turns a failed admin API call (an axios error from @ory/hydra-client) into the error page the
 * user sees and one log line for the operator. The page names the OAuth error; it never shows a
 * stack, a URL or the challenge, which is a bearer credential for the flow.
 */
import type { ErrorPageModel } from './templates/error-page.js';

export interface AdminFailure {
  /** The status this app answers with. */
  status: number;
  page: ErrorPageModel;
  /** Safe to log: a status and an OAuth error code, nothing from the request. */
  logLine: string;
}

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number; data?: unknown };
}

export function describeAdminFailure(error: unknown): AdminFailure {
  const axios = error as AxiosLike;
  if (!axios?.isAxiosError) {
    return failure(500, 'unexpected', { title: 'Something went wrong', message: 'This page could not be shown.' });
  }
  if (!axios.response) {
    return failure(502, axios.code ?? 'unreachable', {
      title: 'The sign-in service is unavailable',
      message: 'The authorization server could not be reached. Please try again in a moment.',
    });
  }
  const status = axios.response.status ?? 500;
  const { code, description } = oauthError(axios.response.data);
  const message =
    status === 404
      ? 'This sign-in request is unknown or has expired.'
      : status === 409 || status === 410
        ? 'This sign-in request was already completed or has expired.'
        : 'The authorization server refused this request.';
  // A 4xx from the admin API is about the request the user brought; anything else is ours.
  const answer = status >= 400 && status < 500 ? status : 502;
  return failure(answer, `${status} ${code ?? ''}`.trim(), {
    title: status === 404 || status === 409 || status === 410 ? 'This request has expired' : 'Something went wrong',
    message,
    ...(code ? { code } : {}),
    ...(description ? { description } : {}),
  });
}

/** The `redirect_to` of a 410 Gone, Hydra's answer for a request that was already handled. */
export function alreadyHandled(error: unknown): string | undefined {
  const response = (error as AxiosLike)?.response;
  if (!(error as AxiosLike)?.isAxiosError || response?.status !== 410) return undefined;
  const redirectTo = (response.data as { redirect_to?: unknown } | undefined)?.redirect_to;
  return typeof redirectTo === 'string' && /^https?:\/\//.test(redirectTo) ? redirectTo : undefined;
}

/** Hydra's two error shapes: OAuth `{error, error_description}` and generic `{error:{message}}`. */
function oauthError(data: unknown): { code?: string; description?: string } {
  if (!data || typeof data !== 'object') return {};
  const body = data as Record<string, unknown>;
  if (typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    return { code: body.error, ...(description ? { description } : {}) };
  }
  const nested = body.error as Record<string, unknown> | undefined;
  if (nested && typeof nested === 'object') {
    const code = typeof nested.status === 'string' ? nested.status : undefined;
    const description = typeof nested.message === 'string' ? nested.message : undefined;
    return { ...(code ? { code } : {}), ...(description ? { description } : {}) };
  }
  return {};
}

function failure(status: number, logCode: string, page: ErrorPageModel): AdminFailure {
  return { status, page, logLine: `admin API call failed: ${logCode}` };
}
