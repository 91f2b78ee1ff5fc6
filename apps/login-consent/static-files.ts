/**
 * The app's static files (the stylesheet and the icon). They stay beside the sources (tsc copies
 * no CSS), so each is looked up next to this module first and then from the compiled copy's
 * position under dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const FILES: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

const FOLDERS = ['./public/', '../../../apps/login-consent/public/'];

export function loadStaticFile(name: string): Buffer {
  for (const folder of FOLDERS) {
    const path = fileURLToPath(new URL(folder + name, import.meta.url));
    if (existsSync(path)) return readFileSync(path);
  }
  throw new Error(`login-consent: public/${name} not found next to the app`);
}

export function registerStaticFiles(app: FastifyInstance): void {
  for (const [name, type] of Object.entries(FILES)) {
    // Read once at start: a missing file fails the start, not the first page view.
    const content = loadStaticFile(name);
    app.get(`/static/${name}`, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(content),
    );
  }
}
