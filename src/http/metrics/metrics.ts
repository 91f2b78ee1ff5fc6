/**
 * The metrics of one server instance, in their own prom-client Registry: never the library's
 * global default one, because several servers run in one process (tests, `serve all` with both
 * listeners sharing one registry) and each must count only its own requests.
 *
 * Names follow Hydra where Hydra has the metric (ory/x prometheusx, prefix "http": labels
 * code, method, endpoint), plus a `listener` label since both listeners share one registry.
 * What Hydra does not measure is prefixed `tessera_`.
 */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { PlainRequestMetrics } from './plain-request-metrics.js';
import type { Database } from '../../persistence/database.js';
import { registerPoolGauges } from './pool-gauges.js';

export interface Metrics {
  readonly registry: Registry;
  /** http_requests_total and http_requests_duration_seconds (plain-request-metrics.ts). */
  readonly requests: PlainRequestMetrics;
  readonly tokensIssued: Counter<'grant_type'>;
  readonly flowOutcomes: Counter<'flow' | 'outcome'>;
  /** The exposition text of everything above, plus the process metrics. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(database: Database): Metrics {
  const registry = new Registry();
  const requests = new PlainRequestMetrics(
    registry,
    { name: 'http_requests_total', help: 'HTTP requests answered, by listener, method, route pattern and status code.' },
    {
      name: 'http_requests_duration_seconds',
      help: 'Time from request received to response sent, in seconds.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    },
  );
  const tokensIssued = new Counter({
    name: 'tessera_oauth2_tokens_issued_total',
    help: 'Successful token endpoint responses, by grant type.',
    labelNames: ['grant_type'] as const,
    registers: [registry],
  });
  const flowOutcomes = new Counter({
    name: 'tessera_flow_outcomes_total',
    help: 'Login, consent and logout requests accepted or rejected through the admin API.',
    labelNames: ['flow', 'outcome'] as const,
    registers: [registry],
  });
  registerPoolGauges(registry, database);
  let processMetrics = false;
  return {
    registry,
    requests,
    tokensIssued,
    flowOutcomes,
    contentType: registry.contentType,
    async scrape() {
      // Registered at the first scrape, not at start: the event-loop monitor and GC observer
      // they install live as long as the process, and a server nobody scrapes (every test
      // server) should not run them.
      if (!processMetrics) {
        const before = process.cpuUsage();
        collectDefaultMetrics({ register: registry });
        // prom-client's CPU counters count from their registration; these are the process's totals
        // (as Hydra's Go collector reports them), so the CPU spent before the first scrape is added once.
        const seed = (name: string, micros: number) => (registry.getSingleMetric(name) as Counter | undefined)?.inc(micros / 1e6);
        seed('process_cpu_user_seconds_total', before.user);
        seed('process_cpu_system_seconds_total', before.system);
        seed('process_cpu_seconds_total', before.user + before.system);
        processMetrics = true;
      }
      return registry.metrics();
    },
  };
}
