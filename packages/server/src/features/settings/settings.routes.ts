import { placementSettingsInput, placementSettingsView } from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as settings from './settings.service.ts';

const tags = ['settings'];
const admin = ['admin'] as const;

/** The school's settings for placements: reminders and who may grant extensions. */
export function settingsRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/settings/placements',
      { config: { access: admin }, schema: { tags, response: { 200: placementSettingsView } } },
      async (request) => settings.viewPlacementSettings(deps, actorOf(request)),
    );
    app.put(
      '/settings/placements',
      {
        config: { access: admin },
        schema: { tags, body: placementSettingsInput, response: { 200: placementSettingsView } },
      },
      async (request) => settings.savePlacementSettings(deps, actorOf(request), request.body),
    );
  };
}
