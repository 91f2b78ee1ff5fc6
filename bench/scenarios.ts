/**
 * Which parts of `npm run bench` run, from BENCH_SCENARIOS (a comma-separated subset; all when
 * unset), so that a quick run measures one thing: BENCH_SCENARIOS=cc,flow npm run bench.
 */
export const SCENARIOS = {
  cc: 'client credentials: opaque, JWT RS256-4096, JWT ES256',
  introspect: 'introspection of an opaque token',
  flow: 'the authorization code flow, login and consent accepted through the admin API',
  start: 'cold start to ready, with keys present and without',
  rss: 'resident memory idle after start and loaded after the client credentials run',
  rows: 'introspection with 1×, 10× and 100× the rows in the token tables',
} as const;

export type Scenario = keyof typeof SCENARIOS;

export function selectedScenarios(value = process.env.BENCH_SCENARIOS): Set<Scenario> {
  const all = Object.keys(SCENARIOS) as Scenario[];
  if (!value?.trim()) return new Set(all);
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(name in SCENARIOS));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_SCENARIOS: unknown ${unknown.join(', ')}; choose from ${all.map((name) => `${name} (${SCENARIOS[name]})`).join('; ')}`,
    );
  }
  return new Set(names as Scenario[]);
}
