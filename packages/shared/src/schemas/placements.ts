import { z } from 'zod';
import {
  activityTypes,
  placementKinds,
  placementModes,
  placementPurposes,
  placementStatuses,
  readinessItems,
} from '../placements.ts';
import { countryCode, email, isoDate, listQuery, page } from './common.ts';

const text = (max: number) => z.string().trim().max(max).default('');
const optionalEmail = z.union([z.literal(''), email]).default('');

export const participantInput = z.object({
  userId: z.uuid(),
  /** A recent graduate's graduation day. */
  graduationDate: isoDate.nullable().default(null),
  fewerOpportunities: z.boolean().default(false),
});

/** A placement as the coordinator types it; the server adds the rules of its kind and call year. */
export const placementInput = z
  .object({
    kind: z.enum(placementKinds),
    activityType: z.enum(activityTypes).nullable().default(null),
    title: text(300),
    projectId: z.uuid().nullable().default(null),
    programmeId: z.uuid().nullable().default(null),
    qualificationId: z.uuid().nullable().default(null),
    hostPartnerId: z.uuid().nullable().default(null),
    destinationCountry: countryCode.optional(),
    destinationCity: text(120),
    supervisorName: text(200),
    supervisorPosition: text(200),
    supervisorEmail: optionalEmail,
    supervisorPhone: text(60),
    mentorId: z.uuid().nullable().default(null),
    startDate: isoDate,
    endDate: isoDate,
    travelDays: z.coerce.number().int().min(0).max(10).default(0),
    interruptionDays: z.coerce.number().int().min(0).max(365).default(0),
    greenTravel: z.boolean().default(false),
    mode: z.enum(placementModes).default('on_site'),
    purpose: z.enum(placementPurposes).nullable().default(null),
    insurance: text(500),
    plannedHours: z.coerce.number().int().min(1).max(10_000).nullable().default(null),
    commChannels: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
    commEveryDays: z.coerce.number().int().min(1).max(90).nullable().default(null),
    commWeeklyHours: z.coerce.number().min(0).max(80).nullable().default(null),
    commWho: text(300),
    preparesPlacementId: z.uuid().nullable().default(null),
    justification: text(2000),
    /** The units of learning outcomes the placement is for (its agreement lists them). */
    unitIds: z.array(z.uuid()).max(50).default([]),
    learners: z.array(participantInput).max(100).default([]),
    staff: z.array(participantInput).max(20).default([]),
    accompanying: z.array(participantInput).max(20).default([]),
    notes: text(4000),
  })
  .superRefine((v, ctx) => {
    if (v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'dates_order' });
    if (v.kind === 'erasmus') {
      if (!v.activityType) ctx.addIssue({ code: 'custom', path: ['activityType'], message: 'required' });
      if (!v.projectId) ctx.addIssue({ code: 'custom', path: ['projectId'], message: 'required' });
    }
    if (v.kind === 'internship' || v.kind === 'dvb' || v.kind === 'virtual_internship') {
      if (v.learners.length === 0) ctx.addIssue({ code: 'custom', path: ['learners'], message: 'required' });
    }
    if (v.mode !== 'on_site') {
      if (v.commChannels.length === 0)
        ctx.addIssue({ code: 'custom', path: ['commChannels'], message: 'comm_plan' });
      if (!v.commEveryDays) ctx.addIssue({ code: 'custom', path: ['commEveryDays'], message: 'comm_plan' });
    }
  });
export type PlacementInput = z.infer<typeof placementInput>;

/** An edit names the version it started from, so a second editor's stale save is refused. */
export const placementUpdate = z.object({ lockVersion: z.number().int().min(1), placement: placementInput });
export type PlacementUpdate = z.infer<typeof placementUpdate>;

export const statusChangeRequest = z.object({
  to: z.enum(placementStatuses),
  reason: z.string().trim().max(1000).default(''),
});

export const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() });

export const participant = person.extend({
  participantId: z.uuid(),
  role: z.enum(['learner', 'staff', 'accompanying']),
  graduationDate: z.string().nullable(),
  fewerOpportunities: z.boolean(),
});

export const placementSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: z.enum(placementKinds),
  activityType: z.enum(activityTypes).nullable(),
  status: z.enum(placementStatuses),
  startDate: z.string(),
  endDate: z.string(),
  hostName: z.string().nullable(),
  destinationCountry: z.string(),
  destinationCity: z.string(),
  learners: z.array(z.string()),
  learnerCount: z.number().int(),
  mentorName: z.string().nullable(),
  supervisorName: z.string(),
  /** What it still lacks before it can start (only for placements that have not started). */
  missing: z.array(z.enum(readinessItems)),
});
export type PlacementSummary = z.infer<typeof placementSummary>;

export const placementListQuery = listQuery([
  'startDate',
  'endDate',
  'title',
  'status',
  'host',
] as const).extend({
  status: z.enum(placementStatuses).optional(),
  kind: z.enum(placementKinds).optional(),
  activityType: z.enum(activityTypes).optional(),
  projectId: z.uuid().optional(),
  programmeId: z.uuid().optional(),
  hostPartnerId: z.uuid().optional(),
  country: z.string().trim().toUpperCase().length(2).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type PlacementListQuery = z.infer<typeof placementListQuery>;
export const placementPage = page(placementSummary);

export const statusChange = z.object({
  from: z.enum(placementStatuses),
  to: z.enum(placementStatuses),
  reason: z.string(),
  by: z.string().nullable(),
  at: z.string(),
});

export const placementDetail = z.object({
  id: z.uuid(),
  lockVersion: z.number().int(),
  kind: z.enum(placementKinds),
  activityType: z.enum(activityTypes).nullable(),
  title: z.string(),
  status: z.enum(placementStatuses),
  statusReason: z.string(),
  project: z.object({ id: z.uuid(), label: z.string(), callYear: z.number().int() }).nullable(),
  programme: z.object({ id: z.uuid(), label: z.string() }).nullable(),
  qualification: z.object({ id: z.uuid(), label: z.string() }).nullable(),
  host: z
    .object({ id: z.uuid(), name: z.string(), country: z.string(), city: z.string(), address: z.string() })
    .nullable(),
  destinationCountry: z.string(),
  destinationCity: z.string(),
  supervisor: z.object({ name: z.string(), position: z.string(), email: z.string(), phone: z.string() }),
  mentor: person.nullable(),
  startDate: z.string(),
  endDate: z.string(),
  durationDays: z.number().int(),
  travelDays: z.number().int(),
  interruptionDays: z.number().int(),
  greenTravel: z.boolean(),
  mode: z.enum(placementModes),
  purpose: z.enum(placementPurposes).nullable(),
  insurance: z.string(),
  plannedHours: z.number().int().nullable(),
  communication: z.object({
    channels: z.array(z.string()),
    everyDays: z.number().int().nullable(),
    weeklyHours: z.number().nullable(),
    who: z.string(),
  }),
  preparesPlacement: z.object({ id: z.uuid(), label: z.string() }).nullable(),
  justification: z.string(),
  participants: z.array(participant),
  units: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      eqfLevel: z.number().int(),
      creditPoints: z.number(),
    }),
  ),
  notes: z.string(),
  missing: z.array(z.enum(readinessItems)),
  allowedTransitions: z.array(z.enum(placementStatuses)),
  history: z.array(statusChange),
  /** The signed-in person may change its details and status (coordinator or admin). */
  canManage: z.boolean(),
});
export type PlacementDetail = z.infer<typeof placementDetail>;

export const placementOverview = z.object({
  byStatus: z.record(z.enum(placementStatuses), z.number().int()),
  startingSoon: z.array(placementSummary),
  missingSomething: z.array(placementSummary),
  missingTotal: z.number().int(),
});
export type PlacementOverview = z.infer<typeof placementOverview>;

/** People a placement form offers: learners, staff (mentors, accompanying) of the school. */
export const peopleOptions = z.object({
  learners: z.array(person),
  staff: z.array(person),
});
