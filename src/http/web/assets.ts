// The shared frame's static files, served by Cassa itself (no CDN): Bootstrap Italia's CSS, fonts
// and icon sprite under /assets/bi/, the frame's stylesheet and icon under /assets/web/, and
// /favicon.ico (browsers and other clients ask for it whatever the page names).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const BI_DIST = join(import.meta.dirname, '../../../node_modules/bootstrap-italia/dist');
const WEB_ASSETS = join(import.meta.dirname, 'assets');
const FAVICON = readFileSync(join(WEB_ASSETS, 'favicon.ico'));

export function registerWebAssets(app: FastifyInstance): void {
  app.register(fastifyStatic, {
    root: BI_DIST,
    prefix: '/assets/bi/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => /^\/(css|fonts|svg)\/[\w./-]+$/.test(path) && !path.includes('..'),
    maxAge: '1d',
  });
  app.register(fastifyStatic, {
    root: WEB_ASSETS,
    prefix: '/assets/web/',
    decorateReply: false,
    index: false,
    maxAge: '1h',
  });
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'image/x-icon').header('cache-control', 'public, max-age=86400').send(FAVICON),
  );
}
