import {
  type CallTeam,
  type FieldError,
  type PlacementInput,
  placementInput,
  type TeamInput,
  type TeamPlacementsInput,
} from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';
import { createPlacementIn } from '../placements/placements.service.ts';
import { type CallRow, destinationsOf, findCall, fullName } from './calls.repository.ts';

async function teamsOf(trx: Trx, callId: string): Promise<CallTeam[]> {
  const [teams, members, destinations] = await Promise.all([
    trx
      .selectFrom('call_teams as t')
      .leftJoin('partners as p', 'p.id', 't.host_partner_id')
      .select(['t.id', 't.name', 't.destination_id', 't.host_partner_id', 'p.legal_name'])
      .where('t.call_id', '=', callId)
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute(),
    trx
      .selectFrom('call_team_members as m')
      .innerJoin('call_teams as t', 't.id', 'm.team_id')
      .innerJoin('call_applications as a', 'a.id', 'm.application_id')
      .innerJoin('users as u', 'u.id', 'a.learner_id')
      .select([
        'm.team_id',
        'm.application_id',
        'm.placement_id',
        'a.learner_id',
        'u.given_name',
        'u.family_name',
      ])
      .where('t.call_id', '=', callId)
      .orderBy('u.family_name')
      .orderBy('u.given_name')
      .execute(),
    destinationsOf(trx, [callId]),
  ]);
  const dests = new Map((destinations.get(callId) ?? []).map((d) => [d.id, d]));
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    destination: dests.get(t.destination_id)!,
    hostPartnerId: t.host_partner_id,
    hostName: t.legal_name ?? null,
    members: members
      .filter((m) => m.team_id === t.id)
      .map((m) => ({
        applicationId: m.application_id,
        learnerId: m.learner_id,
        learnerName: fullName(m),
        placementId: m.placement_id,
      })),
  }));
}

/** The call's teams with their members and any placements made from them. */
export async function listTeams(deps: Deps, actor: Actor, callId: string): Promise<CallTeam[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    await findCall(trx, callId);
    return teamsOf(trx, callId);
  });
}

/**
 * A team is selected learners assigned to one destination, going to one host: the destination's own
 * unless the team names another partner.
 */
async function checkTeam(trx: Trx, call: CallRow, input: TeamInput, teamId: string | null) {
  const fields: Record<string, FieldError> = {};
  const add = (field: string, error: FieldError) => {
    fields[field] ??= error;
  };
  if (call.status === 'draft') throw new AppError('conflict', { fields: { status: 'call_draft' } });
  const destination = await trx
    .selectFrom('call_destinations')
    .select(['id', 'host_partner_id'])
    .where('id', '=', input.destinationId)
    .where('call_id', '=', call.id)
    .executeTakeFirst();
  if (!destination) add('destinationId', 'not_in_call');
  if (input.hostPartnerId) {
    const host = await trx
      .selectFrom('partners')
      .select('id')
      .where('id', '=', input.hostPartnerId)
      .executeTakeFirst();
    if (!host) add('hostPartnerId', 'not_in_school');
  }
  const applications = await trx
    .selectFrom('call_applications as a')
    .innerJoin('users as u', 'u.id', 'a.learner_id')
    .leftJoin('call_team_members as m', 'm.application_id', 'a.id')
    .select(['a.id', 'a.status', 'a.destination_id', 'u.given_name', 'u.family_name', 'm.team_id'])
    .where('a.call_id', '=', call.id)
    .where('a.id', 'in', input.members)
    .execute();
  for (const id of new Set(input.members)) {
    const a = applications.find((x) => x.id === id);
    if (!a) {
      add('members', 'not_in_school');
      continue;
    }
    const name = fullName(a);
    if (a.status !== 'selected') add('members', { key: 'team_member_not_selected', params: { name } });
    else if (a.destination_id !== input.destinationId)
      add('members', { key: 'team_member_destination', params: { name } });
    if (a.team_id && a.team_id !== teamId) add('members', { key: 'team_member_taken', params: { name } });
  }
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
  return { hostPartnerId: input.hostPartnerId ?? destination!.host_partner_id };
}

async function setMembers(trx: Trx, schoolId: string, teamId: string, members: string[]) {
  await trx.deleteFrom('call_team_members').where('team_id', '=', teamId).execute();
  await trx
    .insertInto('call_team_members')
    .values(
      [...new Set(members)].map((application_id) => ({
        school_id: schoolId,
        team_id: teamId,
        application_id,
      })),
    )
    .execute();
}

/** Forms a team of selected learners for one destination and host. */
export async function createTeam(
  deps: Deps,
  actor: Actor,
  callId: string,
  input: TeamInput,
): Promise<CallTeam[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId, true);
    const { hostPartnerId } = await checkTeam(trx, call, input, null);
    const { id } = await trx
      .insertInto('call_teams')
      .values({
        school_id: actor.schoolId,
        call_id: call.id,
        destination_id: input.destinationId,
        host_partner_id: hostPartnerId,
        name: input.name,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setMembers(trx, actor.schoolId, id, input.members);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'team.created',
      entityType: 'call_team',
      entityId: id,
      after: { callId, ...input, hostPartnerId },
    });
    return teamsOf(trx, call.id);
  });
}

async function loadTeam(trx: Trx, callId: string, teamId: string) {
  const team = await trx
    .selectFrom('call_teams')
    .selectAll()
    .where('id', '=', teamId)
    .where('call_id', '=', callId)
    .forUpdate()
    .executeTakeFirst();
  if (!team) throw new AppError('not_found');
  const placed = await trx
    .selectFrom('call_team_members')
    .select('application_id')
    .where('team_id', '=', teamId)
    .where('placement_id', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return { team, hasPlacements: Boolean(placed) };
}

/** Changes a team's destination, host, name or members, until placements are made from it. */
export async function updateTeam(
  deps: Deps,
  actor: Actor,
  callId: string,
  teamId: string,
  input: TeamInput,
): Promise<CallTeam[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId, true);
    const { team, hasPlacements } = await loadTeam(trx, callId, teamId);
    if (hasPlacements) throw new AppError('conflict', { fields: { members: 'team_has_placements' } });
    const { hostPartnerId } = await checkTeam(trx, call, input, teamId);
    await trx
      .updateTable('call_teams')
      .set({
        destination_id: input.destinationId,
        host_partner_id: hostPartnerId,
        name: input.name,
        updated_at: deps.now(),
      })
      .where('id', '=', teamId)
      .execute();
    await setMembers(trx, actor.schoolId, teamId, input.members);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'team.updated',
      entityType: 'call_team',
      entityId: teamId,
      before: team,
      after: { ...input, hostPartnerId },
    });
    return teamsOf(trx, call.id);
  });
}

/** Dissolves a team that has no placements yet; its learners stay selected. */
export async function deleteTeam(
  deps: Deps,
  actor: Actor,
  callId: string,
  teamId: string,
): Promise<CallTeam[]> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const { team, hasPlacements } = await loadTeam(trx, callId, teamId);
    if (hasPlacements) throw new AppError('conflict', { fields: { members: 'team_has_placements' } });
    await trx.deleteFrom('call_teams').where('id', '=', teamId).execute();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'team.deleted',
      entityType: 'call_team',
      entityId: teamId,
      before: team,
    });
    return teamsOf(trx, callId);
  });
}

/**
 * Makes the placements of a decided call's team, all or none: one group mobility with the chosen
 * accompanying staff, or one learner mobility per member. Each goes through the placements' own rules
 * (the Erasmus+ rule of the project's call year among them), so their refusals reach the coordinator
 * unchanged; each carries the call's id.
 */
export async function createTeamPlacements(
  deps: Deps,
  actor: Actor,
  callId: string,
  teamId: string,
  input: TeamPlacementsInput,
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const call = await findCall(trx, callId, true);
    if (call.status !== 'decided') throw new AppError('conflict', { fields: { status: 'not_decided' } });
    await loadTeam(trx, callId, teamId);
    const team = (await teamsOf(trx, callId)).find((t) => t.id === teamId)!;
    const placed = team.members.find((m) => m.placementId);
    if (placed)
      throw new AppError('conflict', {
        fields: { members: { key: 'already_placed', params: { name: placed.learnerName } } },
      });
    const base = {
      kind: 'erasmus',
      projectId: call.project_id,
      hostPartnerId: team.hostPartnerId,
      destinationCountry: team.destination.country,
      destinationCity: team.destination.city,
      startDate: input.startDate,
      endDate: input.endDate,
      travelDays: input.travelDays,
      mentorId: input.mentorId,
    };
    const plans: { input: PlacementInput; members: string[] }[] =
      input.mode === 'group'
        ? [
            {
              input: placementInput.parse({
                ...base,
                activityType: 'group_mobility',
                title: team.name,
                learners: team.members.map((m) => ({ userId: m.learnerId })),
                accompanying: input.accompanying.map((userId) => ({ userId })),
              }),
              members: team.members.map((m) => m.applicationId),
            },
          ]
        : team.members.map((m) => ({
            input: placementInput.parse({
              ...base,
              activityType: input.activityType,
              learners: [{ userId: m.learnerId }],
            }),
            members: [m.applicationId],
          }));
    const made: { id: string; title: string }[] = [];
    for (const plan of plans) {
      const placement = await createPlacementIn(trx, actor, plan.input);
      await trx.updateTable('placements').set({ call_id: call.id }).where('id', '=', placement.id).execute();
      await trx
        .updateTable('call_team_members')
        .set({ placement_id: placement.id })
        .where('team_id', '=', teamId)
        .where('application_id', 'in', plan.members)
        .execute();
      made.push({ id: placement.id, title: placement.title });
    }
    await recordAudit(trx, actorForAudit(actor), {
      action: 'team.placements_created',
      entityType: 'call_team',
      entityId: teamId,
      after: { callId, ...input, placements: made.map((p) => p.id) },
    });
    return { placements: made };
  });
}
