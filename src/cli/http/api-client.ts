/**
 * The one place where the CLI speaks HTTP: global fetch against the configured endpoint, JSON in
 * and out, and every failure turned into a CliError that says what went wrong and where: the
 * server's own error for a refused request, the unreachable URL for a connection failure.
 */
import { CliError } from '../fail.js';
import { ApiError } from './api-error.js';
import type { Connection } from './connection.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface RequestOptions {
  /** Sent as JSON (the admin API). */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded (token, introspection and revocation endpoints). */
  form?: Record<string, string | undefined>;
  query?: Record<string, string | number | undefined>;
  /** Per-request headers, e.g. a client's Basic credentials; they win over the `-H` ones. */
  headers?: Record<string, string>;
}

/** Hydra's CLI gives up on a request after 10 seconds. */
const TIMEOUT_MS = 10_000;

export class ApiClient {
  constructor(private readonly connection: Connection) {}

  url(path: string, query: RequestOptions['query'] = {}): URL {
    const url = new URL(this.connection.endpoint.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    return url;
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json', ...this.connection.headers, ...options.headers };
    // `dispatcher` is undici's extension to fetch's init (see ./tls.ts); the DOM type lacks it.
    const init: Record<string, unknown> = { method, headers, signal: AbortSignal.timeout(TIMEOUT_MS) };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(options.form)) if (value !== undefined) form.set(name, value);
      init.body = form.toString();
    }
    if (this.connection.dispatcher) init.dispatcher = this.connection.dispatcher;

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, init as RequestInit);
      text = await response.text();
    } catch (error) {
      throw new CliError(`Could not reach ${url.origin}${url.pathname} (${method}): ${reason(error)}`);
    }
    const body = parseJson(text);
    if (!response.ok) {
      throw new ApiError(response.status, body, text, `${method} ${url.origin}${url.pathname}`, this.connection.style);
    }
    return { status: response.status, headers: response.headers, body };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function reason(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} seconds`;
  if (err?.name === 'TypeError' && !err.cause) return err.message ?? 'invalid request';
  const code = err?.cause?.code;
  const detail = err?.cause?.message ?? err?.message ?? String(error);
  if (code && TLS_CODES.test(code)) {
    return `${detail}. If the server uses a self-signed certificate, pass --skip-tls-verify (never in production).`;
  }
  return detail;
}
