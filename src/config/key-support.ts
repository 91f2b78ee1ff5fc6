/**
 * "No setting silently ignored": after the schema has passed and its defaults are applied, every
 * value set under a key of unsupported-keys.ts refuses the configuration, and every one under a
 * key of meaningless-keys.ts costs a warning, unless it equals the key's default. A key without a
 * schema default reads, in Hydra's Go, as its zero value (false, "", 0, an empty list or section),
 * so that value is as good as unset here too.
 */
import { ConfigError } from './config-error.js';
import { parseDuration } from './duration.js';
import { MEANINGLESS_KEYS } from './meaningless-keys.js';
import { SENSITIVE } from './messages.js';
import { UNSUPPORTED_KEYS } from './unsupported-keys.js';

type Schema = Record<string, any>;

export interface SetKey {
  key: string;
  value: unknown;
}

export function checkKeySupport(raw: Record<string, unknown>, schema: Schema, warnings: string[]): void {
  const refused: string[] = [];
  for (const { key, value } of setLeaves(raw, schema)) {
    const unsupported = listedUnder(key, UNSUPPORTED_KEYS);
    if (unsupported) {
      refused.push(`${key}:${shown(key, value)} is not supported by Tessera yet (planned: ${unsupported})`);
      continue;
    }
    const meaningless = listedUnder(key, MEANINGLESS_KEYS);
    if (meaningless) warnings.push(`${key} is set, but ${meaningless}`);
  }
  if (refused.length > 0) {
    throw new ConfigError(
      `The configuration sets keys that Tessera does not support yet; remove them (or set them to their defaults) to start:\n  ${refused.join('\n  ')}`,
    );
  }
}

/**
 * Every value that differs from its default, at the depth the schema declares keys: a section is
 * entered, while a list, a map (`urls.identity_provider.headers`) or a "URL or section" choice
 * (`oauth2.token_hook`) is one value under one key.
 */
export function setLeaves(value: unknown, schema: Schema | undefined, path: string[] = []): SetKey[] {
  const properties = schema?.oneOf || schema?.anyOf ? undefined : (schema?.properties as Record<string, Schema> | undefined);
  const isSection = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isSection && properties) {
    return Object.entries(value as Record<string, unknown>).flatMap(([name, child]) => setLeaves(child, properties[name], [...path, name]));
  }
  return isDefault(value, schema) ? [] : [{ key: path.join('.'), value }];
}

function isDefault(value: unknown, schema: Schema | undefined): boolean {
  if (value === undefined || value === null) return true;
  const def = schema?.default;
  if (def === undefined) return isZero(value);
  if (typeof value === 'string' && typeof def === 'string' && sameDuration(value, def)) return true;
  return JSON.stringify(value) === JSON.stringify(def);
}

function isZero(value: unknown): boolean {
  if (value === false || value === '' || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.values(value).every((child) => isZero(child));
}

/** "300s" and "5m" are one duration. */
function sameDuration(a: string, b: string): boolean {
  try {
    return parseDuration(a) === parseDuration(b);
  } catch {
    return false;
  }
}

/** The entry for `key` or for its nearest listed ancestor. */
function listedUnder(key: string, list: Readonly<Record<string, string>>): string | undefined {
  const parts = key.split('.');
  for (let length = parts.length; length > 0; length--) {
    const entry = list[parts.slice(0, length).join('.')];
    if (entry) return entry;
  }
  return undefined;
}

function shown(key: string, value: unknown): string {
  if (SENSITIVE.test(key) || (typeof value === 'object' && value !== null)) return '';
  const text = JSON.stringify(value);
  return ` value ${text.length > 80 ? `${text.slice(0, 77)}..."` : text}`;
}
