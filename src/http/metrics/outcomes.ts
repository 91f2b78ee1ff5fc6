/**
 * Protocol outcomes read off a finished HTTP exchange, so that the handlers stay free of
 * metrics: a token issued is a 200 from POST /oauth2/token (RFC 6749 §5.1, the successful
 * response), a login, consent or logout decision is a 2xx from the admin accept/reject routes.
 * Labels come only from route patterns and a closed list of grant types, never from what the
 * client sent verbatim, so no value of a request can reach the exposition.
 */
import type { FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';

const TOKEN_ROUTE = '/oauth2/token';
const FLOW_DECISION = /^\/admin\/oauth2\/auth\/requests\/(login|consent|logout|device)\/(accept|reject)$/;

export function countOutcome(metrics: Metrics, request: FastifyRequest, route: string, status: number, grantTypes: () => readonly string[]): void {
  if (status < 200 || status > 299) return;
  if (route === TOKEN_ROUTE && request.method === 'POST') {
    const grantType = (request.body as Record<string, unknown> | undefined)?.grant_type;
    metrics.tokensIssued.inc({ grant_type: typeof grantType === 'string' && grantTypes().includes(grantType) ? grantType : 'other' });
    return;
  }
  const decision = FLOW_DECISION.exec(route);
  if (decision && request.method === 'PUT') {
    metrics.flowOutcomes.inc({ flow: decision[1]!, outcome: decision[2] === 'accept' ? 'accepted' : 'rejected' });
  }
}
