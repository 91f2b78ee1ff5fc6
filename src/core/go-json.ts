/**
 * Admin request bodies read the way Hydra reads them: Go's encoding/json decoding into the
 * handler's struct (consent/handler.go, client/handler.go, jwk/handler.go all call
 * json.NewDecoder(r.Body).Decode). Login/consent apps, SDKs and scripts written against Hydra rely
 * on what that decoder tolerates, e.g. hydra-login-consent-node sends `grant_scope: [null]` when
 * the user grants nothing. Each body declares its struct once (GoStruct); this module applies the
 * rules of Go's decode.go:
 *
 * - `null` for a slice, map, pointer or interface field is its zero value; for a string, bool or
 *   number field it has no effect (the field keeps its zero value or an earlier key's value);
 * - a `null` element of a string slice is "" (the element's zero value);
 * - unknown keys are ignored;
 * - a key matches its field exactly, else case-insensitively (Go folds with
 *   unicode.ToUpper(unicode.ToLower(r)): "Subject", "SUBJECT", even "\u017Fubject" name `subject`);
 * - duplicate keys: the last wins (JSON.parse keeps the last value of an exactly repeated key);
 * - a string is made valid UTF-16: an unpaired surrogate escape becomes U+FFFD, as Go decodes it.
 *
 * A value of the wrong JSON type is a GoTypeError naming the field; each reader turns it into its
 * own 400 (Hydra answers "Unable to decode body because: json: cannot unmarshal ...").
 */

/** string, bool, int: Go scalars; strings: []string; object: map[string]any; raw: any/json.RawMessage. */
export type GoKind = 'string' | 'bool' | 'int' | 'strings' | 'object' | 'raw' | GoStruct;

export class GoStruct {
  private readonly exact: ReadonlyMap<string, string>;
  private readonly folded: ReadonlyMap<string, string>;

  constructor(readonly fields: Readonly<Record<string, GoKind>>) {
    this.exact = new Map(Object.keys(fields).map((name) => [name, name]));
    this.folded = new Map(Object.keys(fields).map((name) => [foldName(name), name]));
  }

  /** Go's field lookup: an exact match first, then a case-insensitive one. */
  fieldFor(key: string): string | undefined {
    return this.exact.get(key) ?? this.folded.get(foldName(key));
  }
}

export class GoTypeError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`Field '${field}' must be ${expected}.`);
    this.name = 'GoTypeError';
  }
}

/** encoding/json's foldName (fold.go): each rune upper-cased after lower-casing. */
function foldName(name: string): string {
  let folded = '';
  for (const rune of name) {
    const upper = rune.toLowerCase().toUpperCase();
    // Go maps rune to rune; a JavaScript mapping to several characters ("ß" → "SS") is not one.
    folded += [...upper].length === 1 ? upper : rune;
  }
  return folded;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Decodes `value` into `shape`: a plain object holding only the declared fields, under their
 * declared names. `null` (and an absent body) decode to an empty struct, as Go's null into a
 * struct is a no-op; any other non-object is a GoTypeError for `where`.
 */
export function decodeGoStruct(value: unknown, shape: GoStruct, where = 'the body'): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (!isObject(value)) throw new GoTypeError(where, 'a JSON object');
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = shape.fieldFor(key);
    if (field === undefined) continue;
    const kind = shape.fields[field]!;
    if (item === null) {
      // Zero value for reference kinds; no effect on scalars.
      if (kind !== 'string' && kind !== 'bool' && kind !== 'int') delete out[field];
      continue;
    }
    out[field] = decodeValue(item, kind, field);
  }
  return out;
}

function decodeValue(value: unknown, kind: GoKind, field: string): unknown {
  if (kind instanceof GoStruct) return decodeGoStruct(value, kind, field);
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') throw new GoTypeError(field, 'a string');
      return wellFormed(value);
    case 'bool':
      if (typeof value !== 'boolean') throw new GoTypeError(field, 'a boolean');
      return value;
    case 'int':
      if (!Number.isSafeInteger(value)) throw new GoTypeError(field, 'an integer');
      return value;
    case 'strings':
      if (!Array.isArray(value)) throw new GoTypeError(field, 'an array of strings');
      return value.map((element) => {
        if (element === null) return '';
        if (typeof element !== 'string') throw new GoTypeError(field, 'an array of strings');
        return wellFormed(element);
      });
    case 'object':
      if (!isObject(value)) throw new GoTypeError(field, 'an object');
      return value;
    case 'raw':
      return value;
  }
}
