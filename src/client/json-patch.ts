/**
 * RFC 6902 JSON Patch on a client's JSON form, through fast-json-patch. As Hydra
 * (`jsonx.ApplyJSONPatch`), `replace` of an object member that is absent acts as `add`: Hydra
 * leaves empty optional fields out of its JSON, so a strict `replace /jwks_uri` would otherwise
 * fail on a field the user can see in the documentation but not in the document.
 */
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { errors } from '../core/errors.js';

export function applyJsonPatch<T extends object>(document: T, operations: unknown): T {
  if (!Array.isArray(operations)) {
    throw errors.invalidRequest.withHint('The request body must be a JSON Patch document: an array of operations (RFC 6902 §3).');
  }
  const lenient = operations.map((operation: unknown) => {
    const op = operation as Partial<Operation> | null;
    if (op && typeof op === 'object' && op.op === 'replace' && typeof op.path === 'string' && !isElementPath(op.path)) {
      return { ...op, op: 'add' } as Operation;
    }
    return operation as Operation;
  });
  try {
    return jsonPatch.applyPatch(jsonPatch.deepClone(document) as T, lenient, true, true, true).newDocument;
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    const message = (error as Error).message?.split('\n')[0] ?? 'invalid patch';
    if (name === 'TEST_OPERATION_FAILED') throw errors.invalidRequest.withHint('A JSON Patch "test" operation failed (RFC 6902 §4.6).');
    throw errors.invalidRequest.withHint(`The JSON Patch cannot be applied: ${message}`);
  }
}

/** Paths ending in an array index or "-" address an element, where replace must stay strict. */
function isElementPath(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last === '-' || /^\d+$/.test(last);
}
