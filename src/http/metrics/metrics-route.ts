/**
 * GET /admin/metrics/prometheus: Hydra's path (ory/x prometheusx `MetricsPrometheusPath`,
 * under the admin prefix), on the admin listener only, in Prometheus' text exposition format.
 * The v1 spelling /metrics/prometheus reaches it through the admin prefix rewrite.
 */
import type { AdminApp } from '../surfaces/surface.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics/prometheus';

// No-store comes from the admin listener's cache policy (http/surfaces/cache-policy.ts).
export function registerMetricsRoute(app: AdminApp, prefix: string, metrics: Metrics): void {
  app.get(`${prefix}${METRICS_PATH}`, async (_request, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.scrape();
  });
}
