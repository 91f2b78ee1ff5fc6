/**
 * Hydra's placeholder pages (/oauth2/fallbacks/login, /consent, /error) for when urls.login,
 * urls.consent or urls.error are unset. Every value taken from the request is HTML-escaped: Hydra
 * once reflected error_hint unescaped (GHSA-7v6r-w4r6-mhch, CVE-2019-8400). The pages frame-deny
 * themselves and leak no referrer (RFC 9700 §4.16, §4.2.4).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_HEADERS, escapeHtml } from '../../web/html.js';

function page(title: string, paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2em}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).send(html);
}

function text(query: unknown, name: string): string {
  const value = (query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, 2000) : '';
}

export function registerFallbackPages(app: FastifyInstance): void {
  app.get('/oauth2/fallbacks/login', async (_request, reply) =>
    send(reply, 200, page('Login is not configured', [
      'The login provider is not yet configured: set <code>urls.login</code> (environment <code>URLS_LOGIN</code>) to the URL of your login app.',
    ])));
  app.get('/oauth2/fallbacks/consent', async (_request, reply) =>
    send(reply, 200, page('Consent is not configured', [
      'The consent provider is not yet configured: set <code>urls.consent</code> (environment <code>URLS_CONSENT</code>) to the URL of your consent app.',
    ])));
  // RFC 8628 (Hydra oauth2/handler.go DefaultDeviceVerificationPath, DefaultPostDevicePath).
  app.get('/oauth2/fallbacks/device', async (_request, reply) =>
    send(reply, 200, page('Device verification is not configured', [
      'The device verification page is not yet configured: set <code>urls.device.verification</code> (environment <code>URLS_DEVICE_VERIFICATION</code>) to the URL of the page where users enter their code.',
    ])));
  app.get('/oauth2/fallbacks/device/done', async (_request, reply) =>
    send(reply, 200, page('You successfully authenticated on your device!', [
      'The Default Post Device URL is not set which is why you are seeing this fallback page. Your device login request however succeeded.',
    ])));
  app.get('/oauth2/fallbacks/error', async (request, reply) => {
    const error = text(request.query, 'error');
    const description = text(request.query, 'error_description');
    const hint = text(request.query, 'error_hint');
    const lines = [`<strong>${escapeHtml(error || 'An error occurred')}</strong>`];
    if (description) lines.push(escapeHtml(description));
    if (hint) lines.push(escapeHtml(hint));
    lines.push('Set <code>urls.error</code> (environment <code>URLS_ERROR</code>) to show errors in your own page.');
    return send(reply, 200, page('An error occurred', lines));
  });
}
