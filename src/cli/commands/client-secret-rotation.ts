/**
 * Client secret rotation from the CLI, over Hydra v26's admin routes (`POST` and `DELETE
 * /admin/clients/{id}/secrets/rotate`), which neither Hydra's CLI nor @ory/hydra-client v26.2.0
 * offers: `rotate oauth2-client-secret <id>` prints the client with its new secret (shown once;
 * the old one keeps working), `delete oauth2-client-rotated-secrets <id>` ends the old ones.
 */
import type { Command } from 'commander';
import { clientRow } from '../output/client-view.js';
import { printRow } from '../output/printer.js';
import { adminCommand, sessionFor } from './admin-command.js';

export function rotateClientSecretCommand(): Command {
  return adminCommand('oauth2-client-secret', "Rotate an OAuth 2.0 Client's secret: prints the new one; the old ones keep working until deleted")
    .aliases(['client-secret'])
    .argument('<id>', 'client ID')
    .action(async (id: string, _options: unknown, self: Command) => {
      const { admin, format } = sessionFor(self);
      printRow(clientRow(await admin.rotateClientSecret(id)), format);
    });
}

export function deleteRotatedClientSecretsCommand(): Command {
  return adminCommand('oauth2-client-rotated-secrets', "Delete an OAuth 2.0 Client's rotated secrets: only the current one authenticates after")
    .aliases(['client-rotated-secrets'])
    .argument('<id>', 'client ID')
    .action(async (id: string, _options: unknown, self: Command) => {
      const { admin, format } = sessionFor(self);
      printRow(clientRow(await admin.deleteRotatedClientSecrets(id)), format);
    });
}
