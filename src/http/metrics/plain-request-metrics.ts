/**
 * `http_requests_total` and `http_requests_duration_seconds` as plain counters: a request adds to
 * one array found by one string key, and the counts become prom-client samples only when scraped.
 * prom-client's own Counter and Histogram sort and hash the label object and validate it on every
 * call, which a profile of the token endpoint showed as 2% of its CPU. The exposition is the same
 * (names, help, labels, label order, buckets, `le` first), because the same Registry renders it.
 */
import type { Registry } from 'prom-client';

export interface RequestLabels {
  listener: string;
  method: string;
  endpoint: string;
  code: string;
}

interface Series {
  labels: RequestLabels;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative), one per upper bound. */
  buckets: number[];
}

interface Sample {
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  value: number;
  metricName?: string;
}

/** The shape prom-client's Registry renders (Registry.getMetricsAsString, getMetricsAsJSON). */
interface RegistryMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: Sample[]; aggregator: 'sum' }>;
  getForPromString(): Promise<{ name: string; help: string; type: string; values: Sample[]; aggregator: 'sum' }>;
  reset(): void;
}

export class PlainRequestMetrics {
  private readonly series = new Map<string, Series>();

  constructor(
    registry: Registry,
    private readonly counter: { name: string; help: string },
    private readonly histogram: { name: string; help: string; buckets: readonly number[] },
  ) {
    registry.registerMetric(this.metric(counter, 'counter', () => this.counterSamples()) as never);
    registry.registerMetric(this.metric(histogram, 'histogram', () => this.histogramSamples()) as never);
  }

  record(labels: RequestLabels, seconds: number): void {
    const key = `${labels.listener}\n${labels.method}\n${labels.endpoint}\n${labels.code}`;
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { labels, count: 0, sum: 0, buckets: this.histogram.buckets.map(() => 0) }));
    series.count += 1;
    series.sum += seconds;
    const bounds = this.histogram.buckets;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        series.buckets[i]! += 1;
        break;
      }
    }
  }

  private counterSamples(): Sample[] {
    return [...this.series.values()].map((series) => ({ labels: { ...series.labels }, value: series.count }));
  }

  /** As prom-client's Histogram: cumulative buckets with `le` first, then +Inf, _sum and _count. */
  private histogramSamples(): Sample[] {
    const name = this.histogram.name;
    const samples: Sample[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.histogram.buckets.forEach((bound, i) => {
        cumulative += series.buckets[i]!;
        samples.push({ labels: { le: bound }, sharedLabels: { ...series.labels }, value: cumulative, metricName: `${name}_bucket` });
      });
      samples.push({ labels: { le: '+Inf' }, sharedLabels: { ...series.labels }, value: series.count, metricName: `${name}_bucket` });
      samples.push({ labels: {}, sharedLabels: { ...series.labels }, value: series.sum, metricName: `${name}_sum` });
      samples.push({ labels: {}, sharedLabels: { ...series.labels }, value: series.count, metricName: `${name}_count` });
    }
    return samples;
  }

  private metric(about: { name: string; help: string }, type: 'counter' | 'histogram', samples: () => Sample[]): RegistryMetric {
    const data = (values: Sample[]) => ({ name: about.name, help: about.help, type, values, aggregator: 'sum' as const });
    return {
      name: about.name,
      help: about.help,
      type,
      aggregator: 'sum',
      getForPromString: async () => data(samples()),
      // The JSON form merges the shared labels into the sample's own, as prom-client's get() does.
      get: async () => data(samples().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }))),
      reset: () => this.series.clear(),
    };
  }
}
