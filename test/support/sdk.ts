/**
 * The official SDK (@ory/hydra-client), as a Hydra login/consent app or admin tool uses it,
 * pointed at a test server's admin listener, and the status of an SDK call that must fail.
 */
import assert from 'node:assert/strict';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import type { TestServer } from './server.js';

/** The SDK on `target`: a test server, or the base URL of an admin API. */
export function sdk(target: TestServer | string): OAuth2Api {
  return new OAuth2Api(new Configuration({ basePath: typeof target === 'string' ? target : target.adminUrl }));
}

/** The HTTP status of a failed SDK (axios) call. */
export async function sdkStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    const status = (error as { response?: { status?: number } }).response?.status;
    if (status !== undefined) return status;
    throw error;
  }
  assert.fail('the SDK call was expected to fail');
}
