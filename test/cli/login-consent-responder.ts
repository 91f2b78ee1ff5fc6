/**
 * A login and consent "app" with no pages: the server sends the browser to /login and /consent,
 * and the responder answers through the admin API with the official SDK (@ory/hydra-client), as
 * any app written for Hydra would, then redirects the browser on. `mode` decides the answer:
 * accept everything requested, or reject the login with access_denied.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuth2Api } from '@ory/hydra-client';

export interface Responder {
  url: string;
  api?: OAuth2Api;
  mode: 'accept' | 'deny';
  close(): Promise<void>;
}

export async function startResponder(subject = 'foo@bar.com'): Promise<Responder> {
  const responder: Responder = { url: '', mode: 'accept', close: async () => {} };
  const server: Server = createServer((req, res) => {
    answer(new URL(req.url ?? '/', 'http://responder'))
      .then((location) => res.writeHead(302, { location }).end())
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
  });

  async function answer(url: URL): Promise<string> {
    const api = responder.api!;
    if (url.pathname === '/login') {
      const loginChallenge = url.searchParams.get('login_challenge') ?? '';
      if (responder.mode === 'deny') {
        const rejectOAuth2Request = { error: 'access_denied', error_description: 'The resource owner denied the request' };
        return (await api.rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request })).data.redirect_to;
      }
      return (await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject } })).data.redirect_to;
    }
    if (url.pathname === '/consent') {
      const consentChallenge = url.searchParams.get('consent_challenge') ?? '';
      const { data: request } = await api.getOAuth2ConsentRequest({ consentChallenge });
      const acceptOAuth2ConsentRequest = {
        grant_scope: request.requested_scope,
        grant_access_token_audience: request.requested_access_token_audience,
      };
      return (await api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest })).data.redirect_to;
    }
    throw new Error(`unexpected path ${url.pathname}`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  responder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  responder.close = () => new Promise((resolve) => server.close(() => resolve()));
  return responder;
}
