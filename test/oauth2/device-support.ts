/** The device client of the RFC 8628 tests: oauth4webapi over real HTTP, and the OAuth error of a refusal. */
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { insecure } from '../support/discover.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function authorizeDevice(as: oauth.AuthorizationServer, id: string, secret: string, params: Record<string, string> = {}) {
  const client = { client_id: id };
  const response = await oauth.deviceAuthorizationRequest(as, client, oauth.ClientSecretBasic(secret), new URLSearchParams(params), insecure);
  return oauth.processDeviceAuthorizationResponse(as, client, response);
}

export async function poll(as: oauth.AuthorizationServer, id: string, secret: string, deviceCode: string) {
  const client = { client_id: id };
  const response = await oauth.deviceCodeGrantRequest(as, client, oauth.ClientSecretBasic(secret), deviceCode, insecure);
  return oauth.processDeviceCodeResponse(as, client, response);
}

/** The OAuth error a refused request answered, with its status. */
export async function refusal(promise: Promise<unknown>): Promise<{ error: string; status: number; description?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return { error: error.error, status: error.status, description: error.error_description };
    throw error;
  }
  assert.fail('the request was expected to be refused');
}

