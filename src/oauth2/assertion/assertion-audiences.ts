/**
 * The `aud` values a client assertion may carry to name this server (RFC 7523 §3 item 3: "its own
 * identity"). Hydra's fositex GetTokenURLs lists the token endpoint as discovery publishes it
 * (webfinger.oidc_discovery.token_url, else the public URL's /oauth2/token) and the /oauth2/token
 * below both urls.self.public and urls.self.issuer; Tessera adds the issuer identifier itself,
 * which RFC 7523 allows and oauth4webapi and openid-client send. Not the revocation or
 * introspection URL: Hydra accepts neither.
 */
import type { TesseraConfig } from '../../config/types.js';

const TOKEN_PATH = 'oauth2/token';

export function assertionAudiences(config: TesseraConfig): string[] {
  const { issuer, public: publicUrl } = config.urls.self;
  return [
    ...new Set([
      config.webfinger.oidc_discovery.token_url ?? new URL(TOKEN_PATH, publicUrl).toString(),
      appendPath(publicUrl, TOKEN_PATH),
      appendPath(issuer, TOKEN_PATH),
      issuer,
    ]),
  ];
}

/** ory/x urlx.AppendPaths: the path below the base's own path, with exactly one "/" between. */
function appendPath(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/u, '')}/${path}`;
  return url.toString();
}
