/**
 * Serves a renewed certificate without a restart, as Hydra does for certificates given by path
 * (ory/x tlsx.GetCertificate: the certificate file is watched and the pair reloaded in the
 * background; a pair that fails to load is reported and the previous one kept).
 *
 * The directories of the files are watched, not the files: certbot and cert-manager (a Kubernetes
 * secret volume swaps its `..data` symlink) replace a file by renaming a new one over it, a new
 * inode that a watch on the old file would never report. Any change in a watched directory
 * schedules one reload after a short quiet time, so that a certificate and key replaced one after
 * the other are read together; the pair is loaded and checked exactly as at start
 * (certificate-source.ts) and applied to new connections only when it differs from the one in
 * use. A pair that does not load keeps the previous one and logs an error naming the files, never
 * their content.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { CertificatePair } from './certificate-source.js';

/** Changes closer together than this are one replacement (certificate, then key). */
export const RELOAD_QUIET_MS = 250;

export interface ReloadableCertificate {
  /** The files the pair is read from (certificate, key), resolved against the working directory. */
  paths: string[];
  /** Reads and checks the pair; throws with a message naming the configuration key and file. */
  load(): CertificatePair;
}

export class CertificateReloader {
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  private closed = false;

  constructor(
    private readonly source: ReloadableCertificate,
    private current: CertificatePair,
    private readonly apply: (pair: CertificatePair) => void,
    private readonly log: Logger,
    private readonly listener: string,
  ) {}

  start(): void {
    const names = new Set(this.source.paths.map((path) => basename(path)));
    for (const dir of new Set(this.source.paths.map((path) => dirname(path)))) {
      try {
        const watcher = watch(dir, { persistent: true }, (_event, name) => this.changed(name, names));
        watcher.on('error', (error) => this.report(`watching ${dir} failed: ${error.message}`));
        this.watchers.push(watcher);
      } catch (error) {
        this.log.error(`Cannot watch ${dir} for renewed TLS certificates of the ${this.listener} API (${(error as Error).message}); a renewed certificate needs a restart`);
      }
    }
  }

  /** Stops watching; a reload already scheduled does not run. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.splice(0)) watcher.close();
  }

  /** Reads the files now; answers whether a different, valid pair is now served. */
  reload(): boolean {
    let pair: CertificatePair;
    try {
      pair = this.source.load();
    } catch (error) {
      this.report((error as Error).message);
      return false;
    }
    this.lastError = undefined;
    if (pair.cert.equals(this.current.cert) && pair.key.equals(this.current.key)) return false;
    this.apply(pair);
    this.current = pair;
    this.log.info(`Reloaded the TLS certificate of the ${this.listener} API from ${this.source.paths.join(' and ')}`);
    return true;
  }

  private changed(name: string | Buffer | null, names: Set<string>): void {
    // Another file of the directory changed: not ours, unless it is a symlink swap (Kubernetes'
    // "..data") or a name the platform did not report, which only cost one comparison.
    const file = name === null ? undefined : String(name);
    if (file !== undefined && !names.has(file) && !file.startsWith('..')) return;
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), RELOAD_QUIET_MS);
  }

  private report(message: string): void {
    if (message === this.lastError) return; // the same failure again: logged once
    this.lastError = message;
    this.log.error(`Failed to reload the TLS certificate of the ${this.listener} API from ${this.source.paths.join(' and ')}, still serving the previous certificate: ${message}`);
  }
}
