import {
  auditPage,
  auditQuery,
  changeRoleRequest,
  inviteRequest,
  okResponse,
  outboxPage,
  outboxQuery,
  schoolDetails,
  setActiveRequest,
  updateSchoolRequest,
  userListQuery,
  userPage,
} from '@tilts/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/access.ts';
import { toCsv } from '../../http/csv.ts';
import { listAudit } from '../audit/audit.service.ts';
import { listOutbox } from '../mail/outbox.service.ts';
import * as school from './school.service.ts';
import * as users from './users.service.ts';

const admin = ['admin'] as const;
/** Who may see the school's people and invite (a coordinator invites teachers, learners, supervisors). */
const peopleManagers = ['admin', 'coordinator'] as const;
const members = ['admin', 'coordinator', 'teacher', 'learner', 'supervisor'] as const;
const userId = z.object({ id: z.uuid() });

export function adminRoutes(deps: Deps): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/admin/users',
      {
        config: { access: peopleManagers },
        schema: { tags: ['admin'], querystring: userListQuery, response: { 200: userPage } },
      },
      async (request) => users.listSchoolUsers(deps, actorOf(request), request.query),
    );

    app.get(
      '/admin/users.csv',
      { config: { access: peopleManagers }, schema: { tags: ['admin'], querystring: userListQuery } },
      async (request, reply) => {
        const { items } = await users.listSchoolUsers(deps, actorOf(request), request.query, true);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="users.csv"')
          .send(
            toCsv(
              ['given_name', 'family_name', 'email', 'role', 'active', 'last_sign_in', 'created'],
              items.map((u) => [
                u.givenName,
                u.familyName,
                u.email,
                u.role,
                u.isActive,
                u.lastSignInAt,
                u.createdAt,
              ]),
            ),
          );
      },
    );

    app.post(
      '/admin/invitations',
      {
        config: { access: peopleManagers },
        schema: { tags: ['admin'], body: inviteRequest, response: { 200: okResponse } },
      },
      async (request) => {
        await users.inviteUser(deps, actorOf(request), request.body);
        return { ok: true as const };
      },
    );

    app.patch(
      '/admin/users/:id/role',
      {
        config: { access: admin },
        schema: { tags: ['admin'], params: userId, body: changeRoleRequest, response: { 200: okResponse } },
      },
      async (request) => {
        await users.changeRole(deps, actorOf(request), request.params.id, request.body.role);
        return { ok: true as const };
      },
    );

    app.patch(
      '/admin/users/:id/active',
      {
        config: { access: admin },
        schema: { tags: ['admin'], params: userId, body: setActiveRequest, response: { 200: okResponse } },
      },
      async (request) => {
        await users.setActive(deps, actorOf(request), request.params.id, request.body.isActive);
        return { ok: true as const };
      },
    );

    app.get(
      '/school',
      { config: { access: members }, schema: { tags: ['school'], response: { 200: schoolDetails } } },
      async (request) => school.getSchool(deps, actorOf(request)),
    );

    app.get(
      '/school/logo',
      { config: { access: members }, schema: { tags: ['school'] } },
      async (request, reply) => {
        const logo = await school.getLogo(deps, actorOf(request));
        return reply.type(logo.mime).header('cache-control', 'private, max-age=60').send(logo.bytes);
      },
    );

    app.put(
      '/admin/school',
      {
        config: { access: admin },
        schema: { tags: ['admin'], body: updateSchoolRequest, response: { 200: schoolDetails } },
      },
      async (request) => school.updateSchool(deps, actorOf(request), request.body),
    );

    app.register(async (upload) => {
      // The logo arrives as the raw image; its first bytes decide whether it is one.
      upload.addContentTypeParser(
        ['image/png', 'image/jpeg'],
        { parseAs: 'buffer', bodyLimit: school.MAX_LOGO_BYTES },
        (_req, body, done) => done(null, body),
      );
      upload
        .withTypeProvider<ZodTypeProvider>()
        .put(
          '/admin/school/logo',
          { config: { access: admin }, schema: { tags: ['admin'], response: { 200: schoolDetails } } },
          async (request) => school.setLogo(deps, actorOf(request), request.body as Buffer),
        );
    });

    app.get(
      '/admin/outbox',
      {
        config: { access: peopleManagers },
        schema: { tags: ['admin'], querystring: outboxQuery, response: { 200: outboxPage } },
      },
      async (request) => {
        const { query } = request;
        const actor = actorOf(request);
        const result = await inSchool(deps.db, actor.schoolId, (trx) => listOutbox(trx, actor, query));
        return { ...result, page: query.page, pageSize: query.pageSize };
      },
    );

    app.get(
      '/admin/audit',
      {
        config: { access: admin },
        schema: { tags: ['admin'], querystring: auditQuery, response: { 200: auditPage } },
      },
      async (request) => {
        const { query } = request;
        const result = await inSchool(deps.db, actorOf(request).schoolId, (trx) => listAudit(trx, query));
        return { ...result, page: query.page, pageSize: query.pageSize };
      },
    );

    app.get(
      '/admin/audit.csv',
      { config: { access: admin }, schema: { tags: ['admin'], querystring: auditQuery } },
      async (request, reply) => {
        const query = { ...request.query, page: 1, pageSize: 100_000 };
        const { items } = await inSchool(deps.db, actorOf(request).schoolId, (trx) => listAudit(trx, query));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          .send(
            toCsv(
              ['id', 'time', 'actor', 'action', 'entity_type', 'entity_id', 'before', 'after'],
              items.map((e) => [
                e.id,
                e.createdAt,
                e.actorEmail,
                e.action,
                e.entityType,
                e.entityId,
                JSON.stringify(e.before),
                JSON.stringify(e.after),
              ]),
            ),
          );
      },
    );
  };
}
