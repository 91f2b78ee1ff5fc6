/**
 * `--skip-tls-verify` without touching the process: a per-request undici dispatcher that accepts
 * any certificate, instead of NODE_TLS_REJECT_UNAUTHORIZED, which would weaken every connection.
 *
 * Node's fetch is undici, and undici registers its global Agent under a well-known symbol; that
 * Agent's class builds the insecure one. The symbol is undici's public cross-version contract.
 */
import { CliError } from '../fail.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type AgentClass = new (options: { connect: { rejectUnauthorized: boolean } }) => object;

export function insecureDispatcher(): object {
  // Reading a lazily defined fetch global loads undici, which installs its global Agent.
  void globalThis.Headers;
  const agent = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { constructor?: AgentClass } | undefined;
  const Agent = agent?.constructor;
  if (typeof Agent !== 'function') {
    throw new CliError('--skip-tls-verify is not supported by this Node.js runtime (no undici Agent found).');
  }
  return new Agent({ connect: { rejectUnauthorized: false } });
}
