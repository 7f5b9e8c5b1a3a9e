import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps } from '../packages/server/src/deps.ts';

/**
 * The baselines: the least a Fastify route can do for the same answer, on the very same database
 * handle as Tilts (on PGlite, the same in-process database). No hooks, no session, no schema, no
 * logger. A scenario compares a Tilts route with one of these, measured in the same run.
 */
export interface BareRoute {
  method: 'GET' | 'POST';
  url: string;
  handle(deps: Deps, request: FastifyRequest): Promise<unknown>;
}

export const bareRoutes: BareRoute[] = [
  {
    // One primary-key select: what any authenticated request needs at the least.
    method: 'GET',
    url: '/bare/users/:id',
    async handle(deps, request) {
      const { id } = request.params as { id: string };
      const user = await deps.db
        .selectFrom('users')
        .select(['id', 'email', 'given_name', 'family_name', 'locale'])
        .where('id', '=', id)
        .executeTakeFirst();
      return user ?? { error: 'not found' };
    },
  },
  {
    // One INSERT of a diary entry, as the database owner: what writing an entry needs at the least.
    method: 'POST',
    url: '/bare/diary-entries',
    async handle(deps, request) {
      const b = request.body as {
        schoolId: string;
        placementId: string;
        learnerId: string;
        entryDate: string;
        hours: number;
        workDone: string;
        reflection: string;
      };
      return deps.db
        .insertInto('diary_entries')
        .values({
          school_id: b.schoolId,
          placement_id: b.placementId,
          learner_id: b.learnerId,
          entry_date: b.entryDate,
          hours: b.hours,
          work_done: b.workDone,
          reflection: b.reflection,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },
  },
];

/** A bare Fastify with the baseline routes, sharing Tilts' database. */
export function buildBareApp(deps: Deps): FastifyInstance {
  const app = Fastify({ logger: false });
  for (const route of bareRoutes) {
    app.route({ method: route.method, url: route.url, handler: (request) => route.handle(deps, request) });
  }
  return app;
}
