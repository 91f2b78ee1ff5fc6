/**
 * The management commands: everything but `serve` and `migrate`, each a client of the admin HTTP
 * API (never of the internals), in both of Hydra's syntaxes:
 *   v2: `hydra <verb> <noun>` (create oauth2-client, get jwk, ...), see ./verbs.ts;
 *   v1: `hydra clients <verb>` and `hydra keys <verb>`, the syntax of the older guides.
 * The token commands join them: v2 `perform client-credentials|authorization-code`, `introspect
 * token`, `revoke token`, `delete access-tokens`; v1 `token client|user|introspect|revoke|delete|flush`.
 */
import type { Command } from 'commander';
import { createClientCommand } from './commands/create-client.js';
import { createJwkCommand } from './commands/create-jwk.js';
import { deleteAccessTokensCommand } from './commands/delete-access-tokens.js';
import { deleteClientCommand } from './commands/delete-client.js';
import { deleteRotatedClientSecretsCommand, rotateClientSecretCommand } from './commands/client-secret-rotation.js';
import { deleteJwkCommand } from './commands/delete-jwk.js';
import { getClientCommand } from './commands/get-client.js';
import { getJwkCommand } from './commands/get-jwk.js';
import { importClientCommand } from './commands/import-client.js';
import { importHydraCommand } from './commands/import-hydra.js';
import { importJwkCommand } from './commands/import-jwk.js';
import { introspectTokenCommand } from './commands/introspect-token.js';
import { listClientsCommand } from './commands/list-clients.js';
import { performAuthorizationCodeCommand } from './commands/perform-authorization-code.js';
import { performClientCredentialsCommand } from './commands/perform-client-credentials.js';
import { performDeviceCodeCommand } from './commands/perform-device-code.js';
import { revokeTokenCommand } from './commands/revoke-token.js';
import { updateClientCommand } from './commands/update-client.js';
import { v1ImportClientsCommand } from './v1/clients-import.js';
import { v1DeleteClientCommand, v1GetClientCommand, v1ListClientsCommand } from './v1/clients-read.js';
import { v1CreateClientCommand, v1UpdateClientCommand } from './v1/clients-write.js';
import { v1CreateKeysCommand, v1DeleteKeysCommand, v1GetKeysCommand, v1ImportKeysCommand } from './v1/keys.js';
import { v1TokenClientCommand } from './v1/token-client.js';
import { v1TokenGroup } from './v1/token-group.js';
import { v1TokenUserCommand } from './v1/token-user.js';
import { v1DeleteTokensCommand, v1FlushTokensCommand, v1IntrospectTokenCommand, v1RevokeTokenCommand } from './v1/tokens.js';
import { v1Group } from './v1/v1-group.js';
import { verbCommand } from './verbs.js';

export function registerManagementCommands(program: Command): void {
  verbCommand(program, 'create').addCommand(createClientCommand()).addCommand(createJwkCommand());
  verbCommand(program, 'get').addCommand(getClientCommand()).addCommand(getJwkCommand());
  verbCommand(program, 'list').addCommand(listClientsCommand());
  verbCommand(program, 'update').addCommand(updateClientCommand());
  verbCommand(program, 'delete')
    .addCommand(deleteClientCommand())
    .addCommand(deleteJwkCommand())
    .addCommand(deleteAccessTokensCommand())
    .addCommand(deleteRotatedClientSecretsCommand());
  verbCommand(program, 'rotate').addCommand(rotateClientSecretCommand());
  verbCommand(program, 'import').addCommand(importClientCommand()).addCommand(importJwkCommand()).addCommand(importHydraCommand());
  verbCommand(program, 'perform').addCommand(performClientCredentialsCommand()).addCommand(performAuthorizationCodeCommand()).addCommand(performDeviceCodeCommand());
  verbCommand(program, 'introspect').addCommand(introspectTokenCommand());
  verbCommand(program, 'revoke').addCommand(revokeTokenCommand());

  v1Group(program, 'clients', 'Manage OAuth 2.0 Clients (Hydra v1 syntax)')
    .addCommand(v1CreateClientCommand())
    .addCommand(v1GetClientCommand())
    .addCommand(v1ListClientsCommand())
    .addCommand(v1UpdateClientCommand())
    .addCommand(v1DeleteClientCommand())
    .addCommand(v1ImportClientsCommand());
  v1Group(program, 'keys', 'Manage JSON Web Keys (Hydra v1 syntax)')
    .addCommand(v1CreateKeysCommand())
    .addCommand(v1GetKeysCommand())
    .addCommand(v1DeleteKeysCommand())
    .addCommand(v1ImportKeysCommand());
  v1TokenGroup(program)
    .addCommand(v1TokenClientCommand())
    .addCommand(v1TokenUserCommand())
    .addCommand(v1IntrospectTokenCommand())
    .addCommand(v1RevokeTokenCommand())
    .addCommand(v1DeleteTokensCommand())
    .addCommand(v1FlushTokensCommand());
}
