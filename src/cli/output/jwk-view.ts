/**
 * How JSON Web Keys are shown, as Hydra's cmd/output_jwks.go shows them: each key carries the
 * name of its set, and a collection names the set only when all keys come from one set.
 */
import type { JsonWebKey } from '../admin-client.js';
import type { Row, Table } from './printer.js';

export const JWK_HEADER = ['SET ID', 'KEY ID', 'ALGORITHM', 'USE'] as const;

export interface SetKey {
  set: string;
  key: JsonWebKey;
}

/** Hydra marshals the key through a Go map, so its JSON members come out sorted. */
function keyValue({ set, key }: SetKey): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...key, set };
  return Object.fromEntries(Object.keys(merged).sort().map((name) => [name, merged[name]]));
}

function columns({ set, key }: SetKey): string[] {
  return [set, String(key.kid ?? ''), String(key.alg ?? ''), String(key.use ?? '')];
}

export function jwkRow(entry: SetKey): Row {
  return { header: JWK_HEADER, columns: columns(entry), value: keyValue(entry), id: String(entry.key.kid ?? '') };
}

export function jwkTable(keys: readonly SetKey[], set?: string): Table {
  const value: Record<string, unknown> = {};
  if (set) value.set = set;
  value.keys = keys.map(keyValue);
  return { header: JWK_HEADER, rows: keys.map(columns), value, ids: keys.map((k) => String(k.key.kid ?? '')) };
}

export function inSet(set: string, keys: readonly JsonWebKey[]): SetKey[] {
  return keys.map((key) => ({ set, key }));
}
