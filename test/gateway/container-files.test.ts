/**
 * A cheap guard over the container files, since no Docker engine runs here: the Dockerfile's
 * stages and the lines that matter (non-root USER, HEALTHCHECK on /health/alive, EXPOSE, the CLI
 * as ENTRYPOINT), the compose file's services, ports and Hydra's variable names, and that what they
 * name exists: the paths copied and run, the config keys, the health check scripts (run for real
 * against listeners), the migrate command, and the runtime's need of production dependencies only.
 * It does not build or run an image.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import { environmentKeys } from '../../src/config/environment.js';
import { loadConfig } from '../../src/config/load.js';
import { readConfig as readAppConfig } from '../../apps/login-consent/config.js';
import { startLoginConsentApp } from '../../apps/login-consent/server.js';

/** The repository root (this file runs from dist/test/gateway/). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(ROOT, 'dist');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** Dockerfile instructions by stage, continuation lines joined, comments dropped. */
function dockerStages(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      assert.ok(match, `FROM line: ${line}`);
      stages.push({ from: match[1]!, name: match[2] ?? '', instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);

/**
 * Runs a container health check command's argv with node (argv[0] is "node"). Asynchronously:
 * the listeners it asks live in this process.
 */
function runCheck(argv: string[], env: Record<string, string>): Promise<number | null> {
  assert.equal(argv[0], 'node');
  const child = spawn(process.execPath, argv.slice(1), { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve(code);
  }));
}

async function healthStub(): Promise<{ port: number; server: Server }> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/health/alive' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const build = stages.find((stage) => stage.name === 'build')!;
  const runtime = stages.at(-1)!;

  it('builds in one stage (npm ci, tsc, dev dependencies pruned) and runs from another', () => {
    assert.ok(build, 'a stage named "build"');
    assert.equal(runtime.name, 'runtime');
    assert.notEqual(build, runtime);
    assert.equal(build.from, runtime.from, 'the same base, so the native modules built in one run in the other');
    const buildRuns = all(build, 'RUN').join('\n');
    assert.match(buildRuns, /npm ci\b/);
    assert.match(buildRuns, /tsc -p/);
    assert.match(buildRuns, /npm prune --omit=dev/);
    const runtimeRuns = all(runtime, 'RUN').join('\n');
    assert.doesNotMatch(runtimeRuns, /npm (ci|install)|tsc/, 'nothing is installed or built in the runtime stage');
  });

  it('copies into the runtime only what the build produced or the repository holds', () => {
    const copies = all(runtime, 'COPY').filter((args) => args.startsWith('--from=build'));
    assert.ok(copies.length > 0);
    for (const args of copies) {
      const [, source] = args.split(' ');
      const path = source!.replace(/^\/app\//, '');
      if (path === 'node_modules' || path.startsWith('package')) continue;
      // dist/* comes from the same tsc build that ran before this test.
      assert.ok(existsSync(join(ROOT, path)), `${path} exists (COPY ${args})`);
    }
    assert.ok(copies.some((args) => args.includes('/app/node_modules')), 'the pruned node_modules');
  });

  it('runs as a non-root user, exposes 4444 and 4445, and checks /health/alive', () => {
    const user = last(runtime, 'USER');
    assert.ok(user, 'a USER in the runtime stage');
    assert.doesNotMatch(user!, /^(root|0)(:|$)/, 'not root');
    const userIndex = runtime.instructions.findLastIndex((i) => i.keyword === 'USER');
    const lastRun = runtime.instructions.findLastIndex((i) => i.keyword === 'RUN');
    assert.ok(userIndex > lastRun, 'USER comes after the last RUN, so it is the user the container runs as');
    assert.deepEqual(all(runtime, 'EXPOSE').join(' ').split(' ').sort(), ['4444', '4445']);
    const health = last(runtime, 'HEALTHCHECK');
    assert.ok(health, 'a HEALTHCHECK');
    assert.match(health!, /\/health\/alive/);
  });

  it('has the health check pass when a listener is alive and fail when none is', async () => {
    const health = last(runtime, 'HEALTHCHECK')!;
    const argv = JSON.parse(health.slice(health.indexOf('CMD ') + 4)) as string[];
    const { port, server } = await healthStub();
    try {
      assert.equal(await runCheck(argv, { SERVE_PUBLIC_PORT: String(port), SERVE_ADMIN_PORT: '1' }), 0, 'public listener alive');
      assert.equal(await runCheck(argv, { SERVE_PUBLIC_PORT: '1', SERVE_ADMIN_PORT: String(port) }), 0, 'admin listener alive (serve admin)');
      assert.equal(await runCheck(argv, { SERVE_PUBLIC_PORT: '1', SERVE_ADMIN_PORT: '2' }), 1, 'nothing listening');
    } finally {
      server.close();
    }
  });

  it('has the CLI, under the names tessera and hydra, as its entrypoint', () => {
    assert.deepEqual(JSON.parse(last(runtime, 'ENTRYPOINT')!), ['tessera']);
    assert.deepEqual(JSON.parse(last(runtime, 'CMD')!), ['serve']);
    const runs = all(runtime, 'RUN').join('\n');
    for (const name of ['tessera', 'hydra']) {
      assert.match(runs, new RegExp(`ln -s /app/dist/src/cli/main\\.js /usr/local/bin/${name}\\b`));
    }
    assert.match(readFileSync(join(DIST, 'src/cli/main.js'), 'utf8'), /^#!\/usr\/bin\/env node/, 'the CLI has a shebang');
  });

  it('needs only production dependencies at run time (src/ and apps/ import nothing else)', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const offenders: string[] = [];
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
      });
    for (const file of [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'apps'))]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
        const specifier = match[1] ?? match[2]!;
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!allowed.has(name)) offenders.push(`${file.slice(ROOT.length)}: ${specifier}`);
      }
    }
    assert.deepEqual(offenders, [], 'imports of packages that are not production dependencies');
  });
});

describe('.dockerignore', () => {
  it('keeps host dependencies, build output, databases, secrets and VCS state out of the build context', () => {
    const lines = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', 'test-output', '*.sqlite', '.env', '.git']) {
      assert.ok(lines.includes(entry), `.dockerignore lists ${entry}`);
    }
    for (const needed of ['src', 'apps', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      assert.ok(!lines.includes(needed), `${needed} is needed by the build`);
    }
  });
});

describe('compose.yaml', () => {
  type Service = {
    build?: string;
    image?: string;
    command?: string;
    entrypoint?: string[];
    environment?: Record<string, string>;
    ports?: string[];
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test?: string[]; disable?: boolean };
  };
  const compose = parseYaml(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const secret = 'compose-lint-secret-0123456789abcdef';
  /** ${VAR:?message} / ${VAR:-default} as compose substitutes them, with SECRETS_SYSTEM set. */
  const substitute = (value: string) =>
    String(value).replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_all, name: string) => {
      assert.equal(name, 'SECRETS_SYSTEM', `only SECRETS_SYSTEM comes from the host (${value})`);
      return secret;
    });

  it('has PostgreSQL, a one-shot migration, Tessera and the reference app, in that order', () => {
    assert.deepEqual(Object.keys(services).sort(), ['consent', 'postgres', 'tessera', 'tessera-migrate']);
    assert.match(services.postgres!.image!, /^postgres:/);
    assert.equal(services['tessera-migrate']!.command, 'migrate sql -e --yes');
    assert.equal(services['tessera-migrate']!.depends_on?.postgres?.condition, 'service_healthy');
    assert.equal(services.tessera!.command, 'serve all --dangerous-force-http');
    assert.equal(services.tessera!.depends_on?.['tessera-migrate']?.condition, 'service_completed_successfully');
    assert.equal(services.consent!.depends_on?.tessera?.condition, 'service_healthy');
    assert.deepEqual(services.consent!.entrypoint, ['node', 'dist/apps/login-consent/main.js']);
    assert.ok(existsSync(join(DIST, 'apps/login-consent/main.js')));
    for (const name of ['tessera-migrate', 'tessera', 'consent']) {
      assert.equal(services[name]!.build, '.', `${name} is built from this repository`);
      assert.equal(services[name]!.image, 'tessera:latest', `${name} runs the one image`);
    }
  });

  it("publishes Hydra's ports: 4444, 4445 on the host's loopback only, and 3000 for the app", () => {
    assert.deepEqual(services.tessera!.ports, ['4444:4444', '127.0.0.1:4445:4445']);
    assert.deepEqual(services.consent!.ports, ['3000:3000']);
    assert.equal(services.postgres!.ports, undefined, 'the database is not published');
  });

  it("configures Tessera with Hydra's variables, which Tessera's config accepts", () => {
    const known = environmentKeys(configSchema);
    for (const name of ['tessera', 'tessera-migrate']) {
      for (const key of Object.keys(services[name]!.environment!)) assert.ok(known.has(key), `${name}: ${key} is a config variable`);
    }
    const env = Object.fromEntries(Object.entries(services.tessera!.environment!).map(([k, v]) => [k, substitute(v)]));
    for (const name of ['DSN', 'SECRETS_SYSTEM', 'URLS_SELF_ISSUER', 'URLS_LOGIN', 'URLS_CONSENT', 'URLS_LOGOUT']) {
      assert.ok(env[name], `tessera sets ${name}`);
    }
    const { config } = loadConfig({ env, forceHttp: true });
    assert.equal(config.urls.self.issuer, 'http://127.0.0.1:4444/');
    assert.equal(String(config.urls.login), 'http://127.0.0.1:3000/login');
    assert.equal(String(config.urls.consent), 'http://127.0.0.1:3000/consent');

    // The DSN names the postgres service and the database, user and password it creates.
    const dsn = new URL(env.DSN!);
    const pg = services.postgres!.environment!;
    assert.equal(dsn.hostname, 'postgres');
    assert.equal(dsn.username, pg.POSTGRES_USER);
    assert.equal(dsn.password, pg.POSTGRES_PASSWORD);
    assert.equal(dsn.pathname, `/${pg.POSTGRES_DB}`);
    assert.equal(services['tessera-migrate']!.environment!.DSN, services.tessera!.environment!.DSN);
  });

  it("points the reference app at Tessera's admin API on the compose network", async () => {
    const settings = readAppConfig(services.consent!.environment as NodeJS.ProcessEnv);
    assert.equal(settings.hydraAdminUrl, 'http://tessera:4445');
    assert.equal(settings.port, 3000);
    assert.equal(settings.host, '0.0.0.0');
    // Its health check asks for a URL the app serves.
    const check = services.consent!.healthcheck!.test!;
    assert.equal(check[0], 'CMD');
    const app = await startLoginConsentApp({ port: 0, hydraAdminUrl: 'http://127.0.0.1:1', log: () => {} });
    try {
      const script = check.slice(2).map((arg) => arg.replace('http://127.0.0.1:3000', app.url));
      assert.equal(await runCheck(['node', ...script], {}), 0);
    } finally {
      await app.close();
    }
  });

  it('runs a migration command the CLI accepts (on a scratch SQLite file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-compose-lint-'));
    try {
      const args = services['tessera-migrate']!.command!.split(' ');
      const result = spawnSync(process.execPath, [join(DIST, 'src/cli/main.js'), ...args], {
        env: { PATH: process.env.PATH ?? '', DSN: `sqlite://${join(dir, 'db.sqlite')}?_fk=true` },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /applied/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is documented: docs/containers.md names every service, port and variable', () => {
    const docs = read('docs/containers.md');
    for (const name of Object.keys(services)) assert.ok(docs.includes(name), `docs mention the ${name} service`);
    for (const port of ['4444', '4445', '3000']) assert.ok(docs.includes(port), `docs mention port ${port}`);
    for (const name of [...Object.keys(services.tessera!.environment!), ...Object.keys(services.consent!.environment!)]) {
      assert.ok(docs.includes(name), `docs mention ${name}`);
    }
  });
});
