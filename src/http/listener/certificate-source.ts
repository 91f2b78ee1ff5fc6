/**
 * Reads a listener's certificate chain and private key from `path` or `base64`, as Hydra's
 * `serve.tls.{cert,key}.{path,base64}` (ory/x tlsx), and proves at start that they form a
 * usable pair: a wrong path, bad PEM or a key that does not match the certificate stops the
 * server with a message naming the key, never at the first handshake. Key material is never
 * echoed into a message.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { TlsConfig } from '../../config/types.js';
import { StartupError } from './startup-error.js';

export interface CertificatePair {
  cert: Buffer;
  key: Buffer;
}

type Source = { path?: string; base64?: string } | undefined;

export function hasCertificateSource(source: Source): boolean {
  return Boolean(source?.path || source?.base64);
}

export function loadCertificatePair(tls: TlsConfig, prefix: string): CertificatePair {
  if (hasCertificateSource(tls.cert) !== hasCertificateSource(tls.key)) {
    const missing = hasCertificateSource(tls.cert) ? 'key' : 'cert';
    throw new StartupError(`${prefix}.${missing} is not set: a TLS certificate needs both ${prefix}.cert and ${prefix}.key (each as path or base64).`);
  }
  const cert = readSource(tls.cert, `${prefix}.cert`);
  const key = readSource(tls.key, `${prefix}.key`);
  try {
    // Parses the PEM and checks that the key matches the certificate (OpenSSL's check_private_key).
    createSecureContext({ cert, key });
  } catch (error) {
    throw new StartupError(
      `${prefix}.cert / ${prefix}.key are not a usable TLS certificate and private key in PEM: ${describeOpenSslError(error)}.`,
    );
  }
  return { cert, key };
}

function readSource(source: Source, key: string): Buffer {
  // Hydra prefers base64 when both are set (configx.TLS.GetCertFunc checks it first).
  if (source?.base64) {
    const decoded = Buffer.from(source.base64.replace(/\s+/g, ''), 'base64');
    if (decoded.length === 0 || !decoded.toString('latin1').includes('-----BEGIN')) {
      throw new StartupError(`${key}.base64 is not the base64 encoding of a PEM file.`);
    }
    return decoded;
  }
  const path = source!.path!;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new StartupError(`${key}.path: unable to read ${path}: ${reason}.`);
  }
}

/** OpenSSL's reason ("no start line", "key values mismatch"), without any of the input. */
function describeOpenSslError(error: unknown): string {
  const message = (error as Error)?.message ?? 'unknown error';
  const reason = (error as { reason?: string }).reason;
  return (reason ?? message.split(':').pop() ?? message).trim();
}
