/**
 * Decides how one TCP listener speaks, from `serve.tls` and `serve.<listener>.tls` (each key of the
 * listener's block overrides the same key of the global one, as Hydra's ServePublic/ServeAdmin
 * pass serve.tls as the defaults of serve.<listener>.tls):
 *
 *   --dangerous-force-http           plain HTTP, nothing enforced (Hydra v1: forcedHTTP disables TLS)
 *   tls.enabled: false               plain HTTP, explicitly chosen (Hydra v2's switch); a warning
 *   cert + key                       HTTPS
 *   allow_termination_from           plain HTTP behind a terminating proxy, enforced per request
 *   --dev                            plain HTTP
 *   none of these                    refuse to start
 *
 * Tessera is HTTPS by default: the last line is where it parts from Hydra, which generates a
 * self-signed certificate (cmd/server/helper_cert.go GetOrCreateTLSCertificate) that no client
 * trusts. A UNIX socket is never TLS and never checked for termination (Hydra skips both there).
 */
import { resolve } from 'node:path';
import type { ListenerConfig, TesseraConfig, TlsConfig } from '../../config/types.js';
import { hasCertificateSource, loadCertificatePair, type CertificatePair } from './certificate-source.js';
import type { ReloadableCertificate } from './certificate-reloader.js';
import { StartupError } from './startup-error.js';
import { terminationRanges, type TerminationRanges } from './termination-ranges.js';

export type ListenerSecurity =
  | { kind: 'https'; certificate: CertificatePair; reload?: ReloadableCertificate }
  | { kind: 'termination'; ranges: TerminationRanges }
  | { kind: 'plain'; reason: 'force-http' | 'disabled' | 'dev' | 'unix-socket' };

export interface SecurityFlags {
  dev: boolean;
  forceHttp: boolean;
}

export function effectiveTls(config: TesseraConfig, name: 'public' | 'admin'): TlsConfig {
  const global = config.serve.tls ?? {};
  const own = (config.serve[name] as ListenerConfig).tls ?? {};
  return {
    enabled: own.enabled ?? global.enabled,
    cert: pick(own.cert, global.cert),
    key: pick(own.key, global.key),
    allow_termination_from: own.allow_termination_from ?? global.allow_termination_from,
  };
}

function pick(own: TlsConfig['cert'], global: TlsConfig['cert']): TlsConfig['cert'] {
  return { path: own?.path ?? global?.path, base64: own?.base64 ?? global?.base64 };
}

export function listenerSecurity(config: TesseraConfig, name: 'public' | 'admin', flags: SecurityFlags): ListenerSecurity {
  if (config.serve[name].host.startsWith('unix:')) return { kind: 'plain', reason: 'unix-socket' };
  if (flags.forceHttp) return { kind: 'plain', reason: 'force-http' };
  const tls = effectiveTls(config, name);
  // An explicit `enabled: false` wins over a certificate inherited from serve.tls, as in Hydra v2
  // where TLS is served only when enabled (e.g. an admin API on a private network).
  if (tls.enabled === false) return { kind: 'plain', reason: 'disabled' };
  const own = config.serve[name].tls;
  const prefix = hasCertificateSource(own?.cert) || hasCertificateSource(own?.key) ? `serve.${name}.tls` : 'serve.tls';
  if (hasCertificateSource(tls.cert) || hasCertificateSource(tls.key)) {
    const certificate = loadCertificatePair(tls, prefix);
    // Files are watched and reloaded when renewed (certificate-reloader.ts); base64 is fixed config.
    const paths = [tls.cert, tls.key].filter((source) => !source?.base64 && source?.path).map((source) => resolve(source!.path!));
    return paths.length === 0 ? { kind: 'https', certificate } : { kind: 'https', certificate, reload: { paths, load: () => loadCertificatePair(tls, prefix) } };
  }
  const ranges = tls.allow_termination_from ?? [];
  if (ranges.length > 0) return { kind: 'termination', ranges: terminationRanges(ranges, `serve.${name}.tls.allow_termination_from`) };
  if (flags.dev && tls.enabled !== true) return { kind: 'plain', reason: 'dev' };
  throw new StartupError(
    `The ${name} API has no TLS certificate and Tessera serves HTTPS by default. Either set serve.tls.cert and serve.tls.key ` +
      `(or serve.${name}.tls.*; each as path or base64, e.g. SERVE_TLS_CERT_PATH and SERVE_TLS_KEY_PATH), or set ` +
      `serve.tls.allow_termination_from to the CIDR ranges of the proxy that terminates TLS in front of it, or run with ` +
      `--dangerous-force-http if you really mean plain HTTP (--dev allows it for development).`,
  );
}
