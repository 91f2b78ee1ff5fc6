/**
 * Reads the one gob stream Hydra's login-session cookie carries: gorilla/sessions serialises a
 * session's `Values` (map[interface{}]interface{}) with encoding/gob, gorilla/securecookie's
 * default serializer, and Hydra (driver/registry_sql.go CookieStore) keeps that default. Only
 * the shape Hydra writes is understood: one map type definition, then one map whose keys and
 * values are interfaces holding strings, booleans or integers (Hydra writes {"sid": <uuid>},
 * consent/strategy_default.go). Anything else is refused with GobShapeError, never guessed.
 *
 * Wire facts (encoding/gob doc.go): a stream is messages, each `uint length` then `int typeId`;
 * a negative id defines type -id (a wireType struct), a positive one is a value of that type.
 * Unsigned integers are one byte below 128, else the negated byte count and big-endian bytes;
 * a signed integer is an unsigned one with the sign in bit 0 (complemented when set). A struct
 * is (field delta, field) pairs ended by a 0 delta; a top-level non-struct value is preceded by
 * a 0 delta. An interface is its concrete type's registered name, that type's id, the byte
 * length of the value, then the value with its own leading 0 delta. Type ids of user types are
 * allocated per process (from 64 up), so the stream's definitions are read, never assumed.
 */

export class GobShapeError extends Error {}

/** Predefined gob type ids (encoding/gob type.go). */
const BOOL = 1;
const INT = 2;
const UINT = 3;
const STRING = 6;
const INTERFACE = 8;

/** wireType's field number of MapT (ArrayT, SliceT, StructT, MapT, ...). */
const WIRE_MAP_FIELD = 3;

export type GobScalar = string | boolean | number;

class Reader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw new GobShapeError('the gob stream ends early');
    return this.bytes[this.at++]!;
  }

  uint(): number {
    const first = this.byte();
    if (first < 0x80) return first;
    const count = 256 - first;
    if (count > 8) throw new GobShapeError('a gob unsigned integer is longer than 8 bytes');
    let value = 0n;
    for (let i = 0; i < count; i++) value = (value << 8n) | BigInt(this.byte());
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new GobShapeError('a gob integer is out of range');
    return Number(value);
  }

  int(): number {
    const u = this.uint();
    // Bit 0 is the sign: set, the rest is complemented (encoding/gob encInt).
    return u % 2 === 1 ? -Math.floor(u / 2) - 1 : Math.floor(u / 2);
  }

  take(length: number): Reader {
    if (this.at + length > this.bytes.length) throw new GobShapeError('a gob length runs past the stream');
    const sub = new Reader(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return sub;
  }

  string(): string {
    const length = this.uint();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.take(length).bytes);
    } catch (error) {
      if (error instanceof GobShapeError) throw error;
      // Go's gob carries any bytes in a string; Hydra writes only a UUID there, so other text is refused.
      throw new GobShapeError('a gob string is not UTF-8');
    }
  }
}

interface MapType {
  key: number;
  elem: number;
}

/** The session values of a gob stream of map[interface{}]interface{}, with string keys. */
export function decodeGobSessionValues(bytes: Uint8Array): Map<string, GobScalar> {
  const stream = new Reader(bytes);
  const maps = new Map<number, MapType>();
  while (!stream.done) {
    const message = stream.take(stream.uint());
    const id = message.int();
    if (id < 0) {
      maps.set(-id, readMapDefinition(message));
      continue;
    }
    const type = maps.get(id);
    if (!type) throw new GobShapeError(`gob value of type ${id}, which is not a map the stream defined`);
    if (type.key !== INTERFACE || type.elem !== INTERFACE) throw new GobShapeError('the gob map is not map[interface{}]interface{}');
    if (message.uint() !== 0) throw new GobShapeError('a top-level gob value starts with delta 0');
    const values = new Map<string, GobScalar>();
    const count = message.uint();
    for (let i = 0; i < count; i++) {
      const key = readInterface(message);
      if (typeof key !== 'string') throw new GobShapeError('a session value key is not a string');
      values.set(key, readInterface(message));
    }
    if (!message.done) throw new GobShapeError('bytes follow the gob map');
    if (!stream.done) throw new GobShapeError('messages follow the gob map');
    return values;
  }
  throw new GobShapeError('the gob stream holds no value');
}

/** A wireType whose only field is MapT { CommonType { Name, Id }, Key, Elem }. */
function readMapDefinition(message: Reader): MapType {
  if (message.uint() !== WIRE_MAP_FIELD + 1) throw new GobShapeError('a gob type definition other than a map');
  const type = { key: 0, elem: 0 };
  let field = -1;
  for (let delta = message.uint(); delta !== 0; delta = message.uint()) {
    field += delta;
    if (field === 0) skipCommonType(message);
    else if (field === 1) type.key = message.int();
    else if (field === 2) type.elem = message.int();
    else throw new GobShapeError('an unknown field of a gob mapType');
  }
  if (message.uint() !== 0) throw new GobShapeError('a gob wireType with more than its map');
  if (!message.done) throw new GobShapeError('bytes follow a gob type definition');
  return type;
}

function skipCommonType(message: Reader): void {
  let field = -1;
  for (let delta = message.uint(); delta !== 0; delta = message.uint()) {
    field += delta;
    if (field === 0) message.string();
    else if (field === 1) message.int();
    else throw new GobShapeError('an unknown field of a gob CommonType');
  }
}

/** An interface holding a string, bool or integer; a nil interface (empty name) is refused. */
function readInterface(message: Reader): GobScalar {
  const name = message.string();
  if (name === '') throw new GobShapeError('a nil interface among the session values');
  const id = message.int();
  const value = message.take(message.uint());
  if (value.uint() !== 0) throw new GobShapeError('an interface value starts with delta 0');
  let result: GobScalar;
  if (id === STRING) result = value.string();
  else if (id === BOOL) result = value.uint() === 1;
  else if (id === INT) result = value.int();
  else if (id === UINT) result = value.uint();
  else throw new GobShapeError(`a session value of gob type ${name}, which Hydra does not write`);
  if (!value.done) throw new GobShapeError('bytes follow an interface value');
  return result;
}
