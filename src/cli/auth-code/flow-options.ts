/**
 * The flags of the example OAuth 2.0 client, shared by v2 `perform authorization-code` and v1
 * `token user`, with Hydra's names and defaults (cmd/cmd_perform_authorization_code.go and
 * v1.11's cmd/token_user.go): -p/--port 4446, --scope offline,openid, --prompt, --max-age,
 * --audience, --redirect, --auth-url, --token-url, --client-id/--client-secret (or
 * OAUTH2_CLIENT_ID/_SECRET), --https, --no-open, --no-shutdown; v2 adds --skip,
 * --response-mode and --state. The two versions differ in --max-age: v1 defaulted to 0, v2 to -1
 * ("no max_age parameter").
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { addClientCredentialOptions } from '../flags/client-credential-flags.js';
import { boolOption, listOption } from '../flags/option-kinds.js';

export type FlowStyle = 'v1' | 'v2';

export interface FlowFlags {
  port: number;
  scope: string[];
  prompt?: string[];
  maxAge: number;
  audience?: string[];
  redirect?: string;
  authUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  https?: boolean;
  open: boolean;
  /** `--no-shutdown` sets this to false. */
  shutdown: boolean;
  skip?: boolean;
  responseMode?: string;
  state?: string;
}

function portNumber(value: string): number {
  const port = Number(value);
  // Not 0: the redirect URI registered with the server must name the port in advance.
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('expected a port number (1-65535).');
  return port;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected an integer.');
  return parsed;
}

export function addFlowOptions(command: Command, style: FlowStyle): Command {
  addClientCredentialOptions(command);
  command
    .addOption(new Option('-p, --port <port>', 'The port on which the server should run').default(4446).argParser(portNumber))
    .addOption(listOption('--scope <scopes>', 'Request OAuth2 scope', ['offline', 'openid']))
    .addOption(listOption('--prompt <prompt>', 'Set the OpenID Connect prompt parameter'))
    .addOption(
      new Option('--max-age <seconds>', style === 'v2' ? 'Set the OpenID Connect max_age parameter. -1 means no max_age parameter will be used.' : 'Set the OpenID Connect max_age parameter')
        .default(style === 'v2' ? -1 : 0)
        .argParser(integer),
    )
    .addOption(listOption('--audience <audiences>', 'Request a specific OAuth 2.0 Access Token Audience'))
    .addOption(new Option('--redirect <url>', 'Force a redirect url'))
    .addOption(new Option('--auth-url <url>', 'Usually it is enough to specify the `endpoint` flag, but if you want to force the authorization url, use this flag'))
    .addOption(new Option('--token-url <url>', 'Usually it is enough to specify the `endpoint` flag, but if you want to force the token url, use this flag'))
    .addOption(boolOption('--https', 'Sets up HTTPS for the endpoint using a self-signed certificate (not supported by Tessera; see the error message)'))
    // commander reads `--no-open` and `--no-shutdown` as `open: false` and `shutdown: false`.
    .addOption(new Option('--no-open', 'Do not open the browser window automatically'))
    .addOption(
      new Option('--no-shutdown', 'Do not terminate on success/error. State and nonce will be regenerated when auth flow has completed (either due to an error or success).'),
    );
  if (style === 'v2') {
    command
      .addOption(boolOption('--skip', 'Skip login and/or consent steps if possible. Only effective if you have configured the Login and Consent UI URLs to point to this server.'))
      .addOption(new Option('--response-mode <mode>', 'Set the response mode. Can be query (default) or form_post.'))
      .addOption(new Option('--state <state>', 'Force a state value (insecure)'));
  }
  return command;
}
