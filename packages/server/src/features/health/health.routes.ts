import type { FastifyPluginAsync } from 'fastify';
import { ping } from '../../db/database.ts';
import { migrationsDone } from '../../db/migrate.ts';
import type { Deps } from '../../deps.ts';
import type { Metrics } from '../../http/metrics.ts';

export function healthRoutes(deps: Deps, metrics: Metrics): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
      status: 'ok',
    }));
    app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      const ready = (await ping(deps.db)) && (await migrationsDone(deps.db));
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
    });
    app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  };
}
