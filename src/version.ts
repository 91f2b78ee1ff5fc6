import { readFileSync } from 'node:fs';

/** The version in package.json, read once: `tessera version` and GET /version report it. */
export const VERSION: string = (() => {
  const url = new URL('../../package.json', import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
})();
