/** Registers an OAuth 2.0 client through the admin API, as an operator would, and insists on 201. */
import assert from 'node:assert/strict';
import type { TestServer } from './server.js';
import { request } from './http.js';

export async function createClient(server: TestServer, body: Record<string, unknown>): Promise<void> {
  const response = await request('POST', `${server.adminUrl}/admin/clients`, body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
}
