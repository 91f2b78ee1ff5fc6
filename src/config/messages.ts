/**
 * Turns schema validation errors into lines an operator can act on: the key, the value given
 * (never for a secret, and only when it is a plain value) and what was expected, in words rather
 * than JSON Schema keywords or regular expressions.
 */
import { DURATION_PATTERN } from './duration.js';
import { configSchema, ONE_WILDCARD_AT_MOST, VERSION_PATTERN } from './schema.js';

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
  params: Record<string, any>;
}

const PATTERNS: Record<string, string> = {
  [DURATION_PATTERN]: 'must be a duration such as "1h", "30m", "10s" or "720h"',
  '^[0-9a-fA-F.:]+/[0-9]{1,3}$': 'must be a CIDR range such as "10.0.0.0/8"',
  [ONE_WILDCARD_AT_MOST]: 'must hold at most one "*" wildcard, such as "https://*.example.com"',
  [VERSION_PATTERN]: 'must be a version such as "v2.2.0"',
};

const TYPES: Record<string, string> = {
  integer: 'must be an integer',
  number: 'must be a number',
  boolean: 'must be true or false',
  string: 'must be a string',
  array: 'must be a list (comma-separated in an environment variable)',
  object: 'must be a section of keys',
};

/** Keys whose values are never echoed, even when they are invalid. */
// dsn may hold a database password, a TLS key is private, identity-provider headers carry credentials,
// admin bearer tokens are credentials, and so are an HSM PIN and a tracing collector's authorization header.
export const SENSITIVE =
  /^(secrets|dsn|serve\.(public|admin)\.tls\.key|urls\.identity_provider\.headers|oidc\.subject_identifiers\.pairwise|oauth2\.(token_hook|refresh_token_hook)|serve\.admin\.auth\.bearer_tokens|hsm\.pin|tracing\.providers\.otlp\.authorization_header)(\.|$)/;

export function describeSchemaErrors(errors: SchemaError[], raw: Record<string, unknown>): string[] {
  // A oneOf/anyOf failure also reports why each branch failed; its own line alone says it better.
  const alternatives = (e: SchemaError) => e.keyword === 'oneOf' || e.keyword === 'anyOf';
  const choicePaths = new Set(errors.filter(alternatives).map((e) => e.instancePath));
  const lines = errors
    .filter((e) => alternatives(e) || !choicePaths.has(e.instancePath) || !/\/(oneOf|anyOf)\//.test(e.schemaPath))
    .map((e) => describe(e, raw));
  return [...new Set(lines)];
}

function describe(error: SchemaError, raw: Record<string, unknown>): string {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'additionalProperties') {
    return `${[...path, error.params.additionalProperty].join('.')}: is not a known configuration key`;
  }
  const key = path.join('.') || '(root)';
  let value: unknown = raw;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  return `${key}:${shown(key, value)} ${expectation(error)}`;
}

function shown(key: string, value: unknown): string {
  if (SENSITIVE.test(key)) return '';
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    const text = JSON.stringify(value);
    return ` value ${text.length > 80 ? `${text.slice(0, 77)}..."` : text}`;
  }
  return '';
}

/** The schema node an error points at, for its `x-expected` wording when it has one. */
function schemaNode(schemaPath: string): Record<string, any> | undefined {
  let node: any = configSchema;
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) node = node?.[part];
  return node;
}

function expectation(error: SchemaError): string {
  const p = error.params;
  const expected = schemaNode(error.schemaPath)?.['x-expected'];
  if (typeof expected === 'string') return expected;
  switch (error.keyword) {
    case 'type':
      return TYPES[p.type as string] ?? `must be ${p.type}`;
    case 'pattern':
      return PATTERNS[p.pattern as string] ?? `must match ${p.pattern}`;
    case 'format':
      if (p.format === 'uri') return 'must be a URL such as "https://auth.example.com/"';
      if (p.format === 'uri-reference') return 'must be a URL such as "https://login.example.com/login" or a path such as "/ui/login"';
      return `must be a valid ${p.format}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'minimum':
      return `must be at least ${p.limit}`;
    case 'maximum':
      return `must be at most ${p.limit}`;
    case 'minLength':
      return `must be at least ${p.limit} characters long`;
    case 'required':
      return `must set ${p.missingProperty}`;
    case 'oneOf':
    case 'anyOf':
      return 'must take one of the forms the key allows';
    default:
      return error.message ?? 'is invalid';
  }
}
