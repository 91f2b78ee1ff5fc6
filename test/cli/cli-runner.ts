/**
 * Runs the built CLI as a user would: a child process of `node dist/src/cli/main.js`, or of a
 * symlink named `hydra` to prove the alias. The environment is scrubbed of endpoint variables so
 * a developer's shell cannot leak into a test.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test');
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Written to the child's standard input, which is otherwise closed at once. */
  input?: string;
  /** Run through a symlink with this name (`hydra`) instead of main.js. */
  as?: 'hydra';
  timeoutMs?: number;
}

let hydraDir: string | undefined;

function hydraLink(): string {
  if (!hydraDir) {
    hydraDir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
    symlinkSync(CLI, join(hydraDir, 'hydra'));
    process.once('exit', () => rmSync(hydraDir!, { recursive: true, force: true }));
  }
  return join(hydraDir, 'hydra');
}

const SCRUBBED = ['ORY_SDK_URL', 'HYDRA_ADMIN_URL', 'HYDRA_URL', 'OAUTH2_ACCESS_TOKEN', 'HYDRA_ADMIN_TOKEN'];

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !SCRUBBED.includes(name)) env[name] = value;
  }
  Object.assign(env, options.env);
  const script = options.as === 'hydra' ? hydraLink() : CLI;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The CLI's failures are messages, never Node stack traces. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|:\d+:\d+)/m.test(text) || /node:internal|\.js:\d+:\d+/.test(text);
}
