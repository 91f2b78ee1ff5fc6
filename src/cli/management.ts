/** PLACEHOLDER owned by the CLI work: clients, keys (v1) and create/get/list/... (v2) over the admin API. */
import type { Command } from 'commander';

export function registerManagementCommands(_program: Command): void {}
