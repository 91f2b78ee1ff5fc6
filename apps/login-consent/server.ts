/**
 * The reference login, consent and logout app: a Fastify server whose only view of the
 * authorization server is its admin API, through the official @ory/hydra-client SDK, exactly as
 * an app written for Hydra. `startLoginConsentApp` serves tests and the README's run command.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { Csrf } from './csrf.js';
import { addSecurityHeaders } from './security-headers.js';
import { registerStaticFiles } from './static-files.js';
import { registerLoginRoutes } from './routes/login.js';
import { registerConsentRoutes } from './routes/consent.js';
import { registerLogoutRoutes } from './routes/logout.js';
import { registerDeviceRoutes } from './routes/device.js';
import { sendError, type AppContext } from './routes/context.js';

export interface LoginConsentAppOptions {
  /** 0 picks a free port. */
  port: number;
  hydraAdminUrl: string;
  /** Sent as `Authorization: Bearer` on every admin call when set (HYDRA_ADMIN_TOKEN). */
  hydraAdminToken?: string;
  host?: string;
  /** Signs the CSRF cookies (CSRF_SECRET, at least 32 characters); random per process when unset. */
  csrfSecret?: string;
  /** HYDRA_PUBLIC_URL: where GET /device without a device challenge sends the user to get one. */
  hydraPublicUrl?: string;
  /** Operator log; defaults to stderr. Lines never hold passwords, cookies or challenges. */
  log?: (line: string) => void;
}

export interface RunningLoginConsentApp {
  /** Where the pages are, e.g. http://127.0.0.1:3000 (no trailing slash). */
  url: string;
  close: () => Promise<void>;
}

/**
 * The SDK's `accessToken` setting only reaches operations whose OpenAPI entry declares a security
 * scheme, and Hydra's spec declares none for the admin API; so the token travels as a default
 * header on every call instead.
 */
function adminApiConfiguration(options: LoginConsentAppOptions): Configuration {
  const basePath = options.hydraAdminUrl.replace(/\/+$/, '');
  if (!options.hydraAdminToken) return new Configuration({ basePath });
  return new Configuration({ basePath, baseOptions: { headers: { Authorization: `Bearer ${options.hydraAdminToken}` } } });
}

/** Forms here are a few fields; anything bigger is not a browser filling them in. */
const BODY_LIMIT_BYTES = 16 * 1024;

export function buildLoginConsentApp(options: LoginConsentAppOptions): FastifyInstance {
  // Fastify's own request log would print URLs, and every URL here carries a challenge.
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, trustProxy: false });
  const context: AppContext = {
    hydra: new OAuth2Api(adminApiConfiguration(options)),
    csrf: new Csrf(options.csrfSecret),
    log: options.log ?? ((line) => process.stderr.write(`login-consent: ${line}\n`)),
  };
  app.register(formbody);
  addSecurityHeaders(app);
  registerStaticFiles(app);
  registerLoginRoutes(app, context);
  registerConsentRoutes(app, context);
  registerLogoutRoutes(app, context);
  registerDeviceRoutes(app, context, options.hydraPublicUrl ?? 'http://127.0.0.1:4444');
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, 404, { title: 'Page not found', message: 'There is nothing at this address.' }),
  );
  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    context.log(`request failed: ${status} ${error.code ?? ''}`.trim());
    return sendError(reply, status, {
      title: status === 500 ? 'Something went wrong' : 'This request could not be read',
      message: status === 500 ? 'This page could not be shown.' : 'Go back and submit the form again.',
    });
  });
  return app;
}

export async function startLoginConsentApp(options: LoginConsentAppOptions): Promise<RunningLoginConsentApp> {
  const app = buildLoginConsentApp(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${port}`, close: () => app.close() };
}
