import type { Migration } from './migration.js';
import { clientsAndKeys } from './20261123000001-clients-and-keys.js';
import { jwkLock } from './20261123000002-jwk-lock.js';

/** Every migration, oldest first. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [clientsAndKeys, jwkLock];
