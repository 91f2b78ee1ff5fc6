/**
 * The one JSON body parser of both listeners: Fastify's own (secure-json-parse, refusing
 * `__proto__` and `constructor.prototype` keys) behind a nesting bound (json-depth.ts), so that
 * no body can reach a recursive walk deep enough to exhaust the stack. A body nested too deep is
 * a 400 invalid_request, as Go's decoder answers "exceeded max depth" with Hydra's 400.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../../core/errors.js';
import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from './json-depth.js';

export interface JsonParserOptions {
  /** The media types parsed as JSON; application/json by default. */
  types?: string[];
  /** An empty body is no body (undefined) rather than an error. */
  emptyIsAbsent?: boolean;
}

export function registerJsonParser(app: FastifyInstance, options: JsonParserOptions = {}): void {
  const types = options.types ?? ['application/json'];
  const parse = app.getDefaultJsonParser('error', 'error');
  for (const type of types) if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
  app.addContentTypeParser(types, { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text === '' && options.emptyIsAbsent) return done(null, undefined);
    if (jsonNestsDeeperThan(text)) {
      return done(errors.invalidRequest.withHint(`The JSON body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
    }
    parse(request, text, done);
  });
}
