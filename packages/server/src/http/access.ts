import type { Role } from '@tilts/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../db/context.ts';
import { AppError } from '../errors.ts';
import type { SessionView } from '../features/auth/auth.repository.ts';

/**
 * Who may call a route: anyone, anyone signed in, or the listed roles in the session's current
 * school. A route that does not say is closed to everyone.
 */
export type Access = 'public' | 'session' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: SessionView | null;
    actor: Actor | null;
    locale: import('@tilts/shared').Locale;
  }
}

/** Decides a request against its route's access rule; throws 401 or 403. */
export function checkAccess(access: Access | undefined, session: SessionView | null, actor: Actor | null) {
  if (access === 'public') return;
  if (access === undefined) throw new AppError('forbidden');
  if (!session) throw new AppError('unauthenticated');
  if (access === 'session') return;
  if (!actor || !access.includes(actor.role)) throw new AppError('forbidden');
}

/** The actor of a request that passed a role check. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('forbidden');
  return request.actor;
}

export function sessionOf(request: FastifyRequest): SessionView {
  if (!request.session) throw new AppError('unauthenticated');
  return request.session;
}
