/** One autocannon measurement: a warm-up, then a timed run; only 2xx answers count. */
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface LoadSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

function run(spec: LoadSpec, seconds: number): Promise<any> {
  return autocannon({
    url: spec.url,
    method: 'POST',
    body: spec.body,
    headers: spec.headers,
    connections: spec.connections,
    duration: seconds,
  });
}

export async function measure(spec: LoadSpec): Promise<LoadResult> {
  await run(spec, spec.warmupSeconds);
  const result = await run(spec, spec.seconds);
  const ok = result['2xx'] as number;
  return {
    requestsPerSecond: ok / spec.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: (result.non2xx as number) + (result.errors as number) + (result.timeouts as number),
  };
}
