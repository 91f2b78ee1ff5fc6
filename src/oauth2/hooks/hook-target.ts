/**
 * `oauth2.token_hook` and `oauth2.refresh_token_hook` (Hydra driver/config HookConfig): a URL, or
 * `{url, auth: {type: api_key, config: {name, value, in}}}`. The schema (config/schema.ts) has
 * already checked the shape; an empty string is unset, as Hydra's getHookConfig reads it.
 */
import type { HookConfig } from '../../config/types.js';

export type HookTarget = Exclude<HookConfig, string>;

export function hookTarget(setting: HookConfig | undefined | null): HookTarget | undefined {
  if (setting === undefined || setting === null || setting === '') return undefined;
  if (typeof setting === 'string') return { url: setting };
  return setting.url ? setting : undefined;
}

/**
 * Hydra's applyAuth: the api key goes in the header or cookie named by `config.name`; with no
 * `in` nothing is added (Hydra's switch has no default for it).
 */
export function authHeaders(target: HookTarget): Record<string, string> {
  const auth = target.auth;
  if (!auth || auth.type !== 'api_key') return {};
  const { name, value, in: where } = auth.config;
  if (where === 'header') return { [name]: value };
  if (where === 'cookie') return { cookie: `${name}=${value}` };
  return {};
}
