/**
 * A listener on a UNIX socket (`serve.*.host: unix:/path`, or PUBLIC_HOST / ADMIN_HOST), as
 * Hydra's networkx.MakeListener: the socket file is created at start, then its mode, owner and
 * group are set from `serve.*.socket` (configx.UnixPermission.SetPermission) before the first
 * request can matter, and it is removed at shutdown. A socket file left by a run that crashed is
 * replaced; a socket another process still answers on, or a file that is not a socket, is never
 * deleted: the server refuses to start instead.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { StartupError } from './startup-error.js';

export interface SocketPermission {
  owner: string;
  group: string;
  mode: number;
}

export function unixSocketPath(host: string): string | undefined {
  return host.startsWith('unix:') ? host.slice('unix:'.length) : undefined;
}

/** Removes a stale socket file at `path`; refuses when something still listens or it is no socket. */
export async function clearStaleSocket(path: string, name: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new StartupError(`Unable to serve the ${name} API on unix:${path}: the file exists and is not a socket; remove it or choose another path.`);
  if (await answers(path)) throw new StartupError(`Unable to serve the ${name} API on unix:${path}: another process is listening on that socket.`);
  unlinkSync(path);
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** chmod, then chown when an owner or group is named (a name or a numeric id). */
export function applySocketPermission(path: string, permission: SocketPermission, name: string): void {
  try {
    chmodSync(path, permission.mode);
    if (permission.owner || permission.group) {
      const uid = permission.owner ? resolveId('passwd', permission.owner) : -1;
      const gid = permission.group ? resolveId('group', permission.group) : -1;
      chownSync(path, uid, gid);
    }
  } catch (error) {
    throw new StartupError(`Unable to set the owner, group or mode of the ${name} API socket unix:${path}: ${(error as Error).message}.`);
  }
}

/** A user or group name (or numeric id) to its id, through the system's name service. */
function resolveId(database: 'passwd' | 'group', nameOrId: string): number {
  if (/^\d+$/.test(nameOrId)) return Number(nameOrId);
  let entry: string;
  try {
    entry = execFileSync('getent', [database, nameOrId], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    throw new Error(`no ${database === 'passwd' ? 'user' : 'group'} named "${nameOrId}"`);
  }
  const id = Number(entry.split(':')[2]);
  if (!Number.isInteger(id)) throw new Error(`no ${database === 'passwd' ? 'user' : 'group'} named "${nameOrId}"`);
  return id;
}

/** Removes the socket file at shutdown, if the server's own close has not already done so. */
export function removeSocketFile(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // already gone
  }
}
