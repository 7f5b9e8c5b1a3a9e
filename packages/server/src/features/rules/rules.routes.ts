import {
  callYear,
  createRulesYearRequest,
  okResponse,
  rulesList,
  rulesYear,
  updateRulesRequest,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import * as rules from './rules.service.ts';

/** Coordinators and teachers plan against the rules; only an admin changes them. */
const readers = ['admin', 'coordinator', 'teacher'] as const;
const admin = ['admin'] as const;
const yearParam = z.object({ year: callYear });
const tags = ['rules'];

export function rulesRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/rules',
      { config: { access: readers }, schema: { tags, response: { 200: rulesList } } },
      async (request) => rules.listRules(deps, actorOf(request)),
    );

    app.post(
      '/rules',
      {
        config: { access: admin },
        schema: { tags, body: createRulesYearRequest, response: { 200: rulesYear } },
      },
      async (request) => rules.createRulesYear(deps, actorOf(request), request.body),
    );

    app.put(
      '/rules/:year',
      {
        config: { access: admin },
        schema: { tags, params: yearParam, body: updateRulesRequest, response: { 200: rulesYear } },
      },
      async (request) => rules.updateRulesYear(deps, actorOf(request), request.params.year, request.body),
    );

    app.delete(
      '/rules/:year',
      { config: { access: admin }, schema: { tags, params: yearParam, response: { 200: okResponse } } },
      async (request) => {
        await rules.deleteRulesYear(deps, actorOf(request), request.params.year);
        return { ok: true as const };
      },
    );
  };
}
