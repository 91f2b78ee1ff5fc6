/** Asserts a response is an error in Hydra's shape (error, error_description, status_code, optional error_hint). */
import assert from 'node:assert/strict';
import { hasStackTrace } from './process.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export function assertOAuthErrorShape(response: HttpAnswer, what: string): void {
  assert.match(response.headers.get('content-type') ?? '', /application\/json/, `${what}: content-type`);
  const body = response.body;
  assert.equal(typeof body, 'object', `${what}: expected a JSON object, got ${String(body).slice(0, 120)}`);
  assert.ok(body !== null && !Array.isArray(body), `${what}: expected a JSON object`);
  assert.equal(typeof body.error, 'string', `${what}: error`);
  assert.ok(body.error.length > 0, `${what}: error is empty`);
  assert.equal(typeof body.error_description, 'string', `${what}: error_description`);
  assert.equal(body.status_code, response.status, `${what}: status_code`);
  if (body.error_hint !== undefined) assert.equal(typeof body.error_hint, 'string', `${what}: error_hint`);
  assert.ok(!hasStackTrace(JSON.stringify(body)), `${what}: a stack trace in ${JSON.stringify(body).slice(0, 200)}`);
}
