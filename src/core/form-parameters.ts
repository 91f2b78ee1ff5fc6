/**
 * Request parameters of the token, revocation and introspection endpoints. RFC 6749 §3.2 and
 * §3.1: parameters sent without a value are treated as omitted, and a request parameter MUST
 * NOT be included more than once.
 */
import { errors } from './errors.js';

export type FormBody = Record<string, string | string[] | undefined>;

export class FormParameters {
  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  /**
   * `repeatable` names parameters that may legitimately appear more than once; their values are
   * joined with spaces (fosite accepts `audience` both repeated and space-delimited).
   */
  static from(body: unknown, repeatable: readonly string[] = []): FormParameters {
    if (body === undefined || body === null || body === '') return new FormParameters(new Map());
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw errors.invalidRequest.withHint('The request body must be application/x-www-form-urlencoded.');
    }
    const values = new Map<string, string>();
    for (const [name, value] of Object.entries(body as FormBody)) {
      if (Array.isArray(value) && repeatable.includes(name)) {
        values.set(name, value.filter((v) => v !== '').join(' '));
        continue;
      }
      if (Array.isArray(value)) {
        throw errors.invalidRequest.withHint(`The parameter "${name}" was sent more than once.`);
      }
      if (typeof value === 'string' && value !== '') values.set(name, value);
    }
    return new FormParameters(values);
  }

  /** Parameters as they stand after a step that rewrites them (a request object, OIDC Core §6.3). */
  static of(values: ReadonlyMap<string, string>): FormParameters {
    return new FormParameters(new Map([...values].filter(([, value]) => value !== '')));
  }

  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  require(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw errors.invalidRequest.withHint(`The parameter "${name}" is missing.`);
    return value;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }
}
