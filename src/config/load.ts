/**
 * Builds the one frozen configuration of a process: schema defaults < config files < flags <
 * environment (Hydra's precedence), validated once against schema.ts. An invalid value stops
 * the process with the key, the value and what was expected.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { configSchema } from './schema.js';
import { validate as validateGenerated } from './config-validator.generated.js';
import { coerceEnvironmentValue, environmentKeys, indexedItems, setPath } from './environment.js';
import { ConfigError } from './config-error.js';
import { checkDurations, checkPairwiseSalt, finishSecrets, finishSocketModes, finishUrls } from './finish.js';
import { checkKeySupport } from './key-support.js';
import { describeSchemaErrors, type SchemaError } from './messages.js';
import type { TesseraConfig } from './types.js';

export { ConfigError };

// yaml (about 70 modules) is loaded only when a config file is read: many starts set everything
// through the environment. Its CommonJS build, required, so that loadConfig stays synchronous.
const require = createRequire(import.meta.url);
const parseYaml = (text: string) => (require('yaml') as typeof import('yaml')).parse(text);

export interface LoadOptions {
  files?: string[];
  env?: NodeJS.ProcessEnv;
  /** Values set by command-line flags, as dotted paths. */
  flags?: Record<string, unknown>;
  /** Whether `--dev` was given: allows a generated secret and plain-HTTP URLs. */
  dev?: boolean;
  /** Whether `--dangerous-force-http` was given: allows a plain-HTTP issuer, as Hydra does. */
  forceHttp?: boolean;
}

export interface LoadedConfig {
  config: TesseraConfig;
  warnings: string[];
}

/**
 * Ajv's validator of schema.ts, generated ahead of time by scripts/config-validator.mjs (compiling
 * the schema at every start cost about 250 ms). It fills the defaults into `raw` as Ajv does.
 */
const validate = validateGenerated as ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const raw: Record<string, any> = {};
  for (const file of options.files ?? []) mergeInto(raw, readConfigFile(file));
  for (const [path, value] of Object.entries(options.flags ?? {})) {
    if (value !== undefined) setPath(raw, path.split('.'), value);
  }
  for (const [name, key] of environmentKeys(configSchema)) {
    let value = env[name] === undefined ? undefined : coerceEnvironmentValue(env[name]!, key.type);
    if (key.type === 'array') value = indexedItems(env, name, value) ?? value;
    if (value !== undefined) setPath(raw, key.path, value);
  }
  if (options.dev) raw.dev = true;
  fillEmptyObjects(raw, configSchema);
  if (!validate(raw)) {
    const lines = describeSchemaErrors(validate.errors as SchemaError[], raw);
    throw new ConfigError(`The configuration is invalid:\n  ${lines.join('\n  ')}`);
  }
  const warnings: string[] = [];
  // Every command that loads the configuration refuses one it could not serve (unsupported-keys.ts).
  checkKeySupport(raw, configSchema, warnings);
  const config = raw as TesseraConfig;
  finishSecrets(config, warnings);
  finishUrls(config, options.forceHttp ?? false);
  checkDurations(config);
  checkPairwiseSalt(config);
  finishSocketModes(config);
  return { config: deepFreeze(config), warnings };
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Unable to read the config file ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed = parseYaml(text) ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be an object');
    return parsed;
  } catch (error) {
    throw new ConfigError(`The config file ${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
}

function mergeInto(target: Record<string, any>, source: Record<string, any>): void {
  for (const [key, value] of Object.entries(source)) {
    if (isSection(value) && isSection(target[key])) {
      mergeInto(target[key], value);
    } else {
      target[key] = value;
    }
  }
}

function isSection(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Creates every object the schema declares so that Ajv fills the defaults at every depth. */
function fillEmptyObjects(target: Record<string, any>, schema: Record<string, any>): void {
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, any>)) {
    if (child.type !== 'object' || !child.properties) continue;
    // An empty YAML section (`serve:`) is null: it means "nothing set here", as in Hydra.
    if (target[key] === undefined || target[key] === null) target[key] = {};
    if (isSection(target[key])) {
      fillEmptyObjects(target[key], child);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
