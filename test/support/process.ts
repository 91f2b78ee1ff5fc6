/**
 * Tessera as a separate process, the way an operator runs it: `node dist/src/cli/main.js ...`
 * with a clean environment (only PATH and HOME are inherited, so a developer's DSN or secret
 * never leaks in), free ports chosen outside the ephemeral range (ports.ts), and output kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

import { freePort } from './ports.js';

export { freePort };

function baseEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
}

/** A running `tessera ...` child, with its output so far and a way to stop it. */
export class TesseraProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<ProcessResult>;
  exit: ProcessResult | undefined;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exit = { code, signal, stdout: this.stdout, stderr: this.stderr };
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /**
   * Waits until `url` answers 200, failing early with the output if the process exits. The bound is
   * generous: a first start generates RSA-4096 keys, which take tens of seconds on a loaded machine.
   */
  async waitFor(url: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`tessera exited (${this.exit!.code}) before ${url} answered:\n${this.output()}`);
      try {
        if ((await fetch(url)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${url} did not answer within ${timeoutMs}ms:\n${this.output()}`);
  }

  /** Sends a signal and waits for the exit; SIGKILL after `graceMs` so a test never hangs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<ProcessResult> {
    if (!this.running) return this.exit!;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  output(): string {
    return `--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`;
  }
}

export function spawnTessera(args: string[], env: Record<string, string> = {}): TesseraProcess {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end();
  return new TesseraProcess(child);
}

/** Runs a command to its end (stdin closed, so never a terminal), killing it after `timeoutMs`. */
export async function runTessera(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<ProcessResult> {
  const running = spawnTessera(args, env);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts `serve all` on two free loopback ports; resolves once the admin listener is ready. The
 * URLs it returns are plain http://, so outside --dev it passes --dangerous-force-http (Tessera
 * serves HTTPS by default and refuses to start without a certificate or TLS termination).
 */
export async function serveTessera(
  args: string[],
  env: Record<string, string>,
): Promise<{ server: TesseraProcess; publicUrl: string; adminUrl: string }> {
  const [publicPort, adminPort] = [await freePort(), await freePort()];
  const plain = args.includes('--dev') || args.includes('--dangerous-force-http') ? [] : ['--dangerous-force-http'];
  const server = spawnTessera(['serve', ...args, ...plain], {
    SERVE_PUBLIC_PORT: String(publicPort),
    SERVE_ADMIN_PORT: String(adminPort),
    SERVE_PUBLIC_HOST: '127.0.0.1',
    SERVE_ADMIN_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const publicUrl = `http://127.0.0.1:${publicPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  try {
    await server.waitFor(`${args[0] === 'public' ? publicUrl : adminUrl}/health/alive`);
  } catch (error) {
    await server.stop('SIGKILL');
    throw error;
  }
  return { server, publicUrl, adminUrl };
}

/** Node's stack frames, which no response or CLI message may show. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|:\d+:\d+)/m.test(text) || /node:internal|node_modules\/|\.js:\d+:\d+/.test(text);
}
