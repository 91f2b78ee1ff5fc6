/**
 * Headers on every answer. The pages hold CSRF tokens and personal data, so they are never cached
 * or framed (clickjacking a consent button is the classic attack on this kind of page), and they
 * never leak their URL, whose query holds the flow's challenge, through a Referer.
 */
import type { FastifyInstance } from 'fastify';

/**
 * No `form-action`: after a POST the app redirects to the authorization server, on another
 * origin that only the server's redirect_to names, and browsers apply form-action to redirects.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
