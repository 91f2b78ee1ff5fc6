/**
 * The example OAuth 2.0 client's web server, the relying party of the seed guide's "Perform
 * OAuth2 Authorize Code Flow": `/` shows the "Authorize application" link, `/perform-flow`
 * redirects straight to it (as Hydra v2 does), and the callback receives the code. It listens on
 * every interface, as Hydra's does, so that the guide's `docker run -p 9010:9010` reaches it.
 * It stops after the first callback, unless --no-shutdown, and reports whether the flow succeeded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CliError } from '../fail.js';
import { newAuthorizeRequest } from './authorize-request.js';
import { handleCallback, type CallbackOutcome } from './callback-handler.js';
import type { ExchangedToken } from './code-exchange.js';
import type { FlowSettings } from './flow-settings.js';
import { openBrowser } from './open-browser.js';
import { welcomePage } from './pages.js';
import { readForm } from './read-form.js';

export interface ClientHooks {
  log: (line: string) => void;
  printToken: (exchanged: ExchangedToken) => void;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The pages carry codes and tokens: never cached, never leaked through Referer or a frame.
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; form-action 'none'",
};

/** Resolves to true when the flow ended with tokens, false when it ended with an error page. */
export async function runExampleClient(settings: FlowSettings, hooks: ClientHooks): Promise<boolean> {
  let request = newAuthorizeRequest(settings);
  const callbackPaths = new Set(['/callback', new URL(settings.redirectUrl).pathname]);
  // Loopback names and the redirect URI's host only: a page on another origin that rebinds its
  // DNS name to 127.0.0.1 must not be able to read the welcome page or the tokens.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${settings.port}`);
  const hosts = new Set([...loopback, new URL(settings.redirectUrl).host]);
  let busy = false;
  let finish: (succeeded: boolean) => void = () => {};
  const finished = new Promise<boolean>((resolve) => (finish = resolve));

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else send(res, 500, '<p>Internal error</p>');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) return send(res, 421, '<p>Unknown host</p>');
    const url = new URL(req.url ?? '/', settings.serverLocation);
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, welcomePage(request.url));
    if (req.method === 'GET' && url.pathname === '/perform-flow') return redirect(res, request.url);
    if (!callbackPaths.has(url.pathname)) return send(res, 404, '<p>Not found</p>');
    // response_mode=form_post delivers the parameters in a POST; Hydra turns it into the GET.
    if (req.method === 'POST') return redirect(res, `${url.pathname}?${await readForm(req)}`);
    if (req.method !== 'GET') return send(res, 405, '<p>Method not allowed</p>');
    if (busy) return send(res, 409, '<p>A callback is already being handled.</p>');
    busy = true;
    let outcome: CallbackOutcome;
    try {
      outcome = await handleCallback(url.searchParams, { settings, request, log: hooks.log });
    } finally {
      busy = false;
    }
    if (outcome.exchanged) hooks.printToken(outcome.exchanged);
    res.once('finish', () => done(outcome.exchanged !== undefined));
    send(res, outcome.status, outcome.html);
  }

  function done(succeeded: boolean): void {
    if (settings.flags.shutdown) {
      close(server);
      finish(succeeded);
    } else {
      // Never reuse a state, nonce or verifier: the next flow starts from a fresh request.
      request = newAuthorizeRequest(settings);
    }
  }

  await listen(server, settings.port);
  hooks.log(`Setting up home route on ${settings.serverLocation}`);
  hooks.log(`Setting up callback listener on ${settings.redirectUrl}`);
  hooks.log('Press ctrl + c on Linux / Windows or cmd + c on OSX to end the process.');
  hooks.log(`If your browser does not open automatically, navigate to:\n\n\t${settings.serverLocation}\n`);
  if (settings.flags.open) openBrowser(settings.serverLocation);
  return finished;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, HEADERS).end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : error.message;
      reject(new CliError(`Unable to start the example client's server on port ${port}: ${reason}`));
    });
    server.listen(port, () => resolve());
  });
}

function close(server: Server): void {
  server.close();
  // A browser keeps its connection alive; the page has been sent, so nothing is cut short.
  server.closeAllConnections();
}
