import { retentionSettings, retentionView, roles } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as retention from './anonymise.service.ts';
import { exportPersonalData } from './personal-data.service.ts';

const tags = ['personal data'];

/** A person's own data as a zip, and the school's retention period. */
export function peopleRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/me/personal-data.zip',
      { config: { access: roles }, schema: { tags } },
      async (request, reply) => {
        const { bytes, filename } = await exportPersonalData(deps, actorOf(request));
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(bytes));
      },
    );

    app.get(
      '/admin/retention',
      { config: { access: ['admin', 'coordinator'] }, schema: { tags, response: { 200: retentionView } } },
      async (request) => retention.getRetention(deps, actorOf(request)),
    );
    app.put(
      '/admin/retention',
      {
        config: { access: ['admin'] },
        schema: { tags, body: retentionSettings, response: { 200: retentionView } },
      },
      async (request) => retention.setRetention(deps, actorOf(request), request.body),
    );
  };
}
