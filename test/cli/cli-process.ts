/**
 * A long-running CLI command (the example OAuth 2.0 client), unlike runCli's run-to-completion:
 * the test talks to the process's web server while it runs, then waits for its exit. The
 * environment is scrubbed of endpoint variables, as in ./cli-runner.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, type CliResult } from './cli-runner.js';

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process exits; kills it after `timeoutMs`. */
  exited: Promise<CliResult>;
  /** Everything printed so far, on both streams. */
  output(): string;
}

const SCRUBBED = ['ORY_SDK_URL', 'HYDRA_ADMIN_URL', 'HYDRA_URL', 'OAUTH2_ACCESS_TOKEN', 'OAUTH2_CLIENT_ID', 'OAUTH2_CLIENT_SECRET'];

export function startCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 20_000): RunningCli {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !SCRUBBED.includes(name)) childEnv[name] = value;
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliResult>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, exited, output: () => stdout + stderr };
}

/** Polls the process's home page until it answers, or fails with what the process printed. */
export async function waitForHome(cli: RunningCli, url: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cli.child.exitCode !== null) throw new Error(`the CLI exited early:\n${cli.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  cli.child.kill('SIGKILL');
  throw new Error(`the CLI did not serve ${url} in time:\n${cli.output()}`);
}
