/**
 * v1 `clients create` and `clients update`, printing what the v1 guides show:
 *
 *   Client ID: another-consumer
 *   Client Secret: consumer-secret
 *
 * v1's update replaces the client with the one the flags describe (unset flags take their
 * defaults); the secret stays as it was unless `--secret` is given.
 */
import type { Command } from 'commander';
import { addClientOptions } from '../flags/client-flags.js';
import { clientFromFlags } from '../flags/client-from-flags.js';
import { V1_CREATE_FLAGS, V1_UPDATE_FLAGS } from './client-flags.js';
import { v1Admin, v1Command } from './v1-group.js';

export function v1CreateClientCommand(): Command {
  const command = v1Command('create', 'Create a new OAuth 2.0 Client').addHelpText(
    'after',
    '\nExample:\n  $ hydra clients create -n "my app" -c http://localhost/cb -g authorization_code -r code -a core,foobar',
  );
  addClientOptions(command, V1_CREATE_FLAGS, false);
  return command.action(async (_options: unknown, self: Command) => {
    const body = clientFromFlags(self, V1_CREATE_FLAGS);
    const client = await v1Admin(self).createClient(body);
    const secret = client.client_secret || body.client_secret;
    process.stdout.write(`Client ID: ${String(client.client_id ?? '')}\n`);
    process.stdout.write(secret ? `Client Secret: ${String(secret)}\n` : 'This OAuth 2.0 Client has no secret\n');
  });
}

export function v1UpdateClientCommand(): Command {
  const command = v1Command('update', 'Update an entire OAuth 2.0 Client').argument('<id>', 'the client ID');
  addClientOptions(command, V1_UPDATE_FLAGS, false);
  return command.action(async (id: string, _options: unknown, self: Command) => {
    const body = { ...clientFromFlags(self, V1_UPDATE_FLAGS), client_id: id };
    const client = await v1Admin(self).setClient(id, body);
    process.stdout.write(`${String(client.client_id ?? id)} OAuth 2.0 Client updated\n`);
    if (body.client_secret) process.stdout.write(`Updated OAuth 2.0 Client Secret: ${String(body.client_secret)}\n`);
  });
}
