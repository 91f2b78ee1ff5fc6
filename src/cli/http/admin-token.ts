/**
 * The bearer token the CLI presents to an admin API that requires one (serve.admin.auth, Tessera's
 * addition). Hydra's v2 CLI has no such setting (only `-H 'Authorization: bearer …'`), so the
 * variable pairs with the v1 endpoint variable HYDRA_ADMIN_URL; the reference login/consent app
 * reads the same one. An explicit `-H Authorization` or v1 `--access-token` wins over it.
 */
export const ADMIN_TOKEN_ENV = 'HYDRA_ADMIN_TOKEN';

export function adminTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env[ADMIN_TOKEN_ENV]?.trim();
  return token ? token : undefined;
}
