import { z } from 'zod';
import { isoDate, listQuery, page } from './common.ts';

export const projectActions = ['KA121', 'KA122'] as const;

const dateRange = <T extends { startDate: string; endDate: string }>(v: T) => v.endDate >= v.startDate;
const datesOrder = { path: ['endDate'], message: 'dates_order' };

/** An Erasmus+ project as the coordinator types it. */
export const projectInput = z
  .object({
    action: z.enum(projectActions),
    callYear: z.coerce.number().int().min(2014).max(2100),
    projectNumber: z.string().trim().min(3).max(60),
    title: z.string().trim().min(2).max(300),
    budgetEur: z.coerce.number().min(0).max(100_000_000),
    startDate: isoDate,
    endDate: isoDate,
  })
  .refine(dateRange, datesOrder);
export type ProjectInput = z.infer<typeof projectInput>;

export const project = z.object({
  id: z.uuid(),
  action: z.enum(projectActions),
  callYear: z.number().int(),
  projectNumber: z.string(),
  title: z.string(),
  budgetEur: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  placements: z.number().int(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof project>;

export const projectListQuery = listQuery([
  'title',
  'callYear',
  'startDate',
  'projectNumber',
] as const).extend({
  action: z.enum(projectActions).optional(),
  callYear: z.coerce.number().int().optional(),
});
export type ProjectListQuery = z.infer<typeof projectListQuery>;
export const projectPage = page(project);

export const programmeKinds = ['internship', 'dvb'] as const;

export const taskTemplateItem = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  dueDay: z.coerce.number().int().min(0).max(730),
});

/** A domestic internship (MK 481) or work-based learning (DVB) programme of a qualification. */
export const programmeInput = z
  .object({
    kind: z.enum(programmeKinds),
    title: z.string().trim().min(2).max(300),
    qualificationId: z.uuid().nullable().default(null),
    hours: z.coerce.number().int().min(1).max(10_000),
    startDate: isoDate,
    endDate: isoDate,
    taskTemplate: z.array(taskTemplateItem).max(200).default([]),
    reminderDays: z.coerce.number().int().min(0).max(60).default(3),
  })
  .refine(dateRange, datesOrder);
export type ProgrammeInput = z.infer<typeof programmeInput>;

export const programme = z.object({
  id: z.uuid(),
  kind: z.enum(programmeKinds),
  title: z.string(),
  qualificationId: z.uuid().nullable(),
  qualificationTitle: z.string().nullable(),
  hours: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
  taskTemplate: z.array(z.object({ title: z.string(), description: z.string(), dueDay: z.number().int() })),
  reminderDays: z.number().int(),
  placements: z.number().int(),
  updatedAt: z.string(),
});
export type Programme = z.infer<typeof programme>;

export const programmeListQuery = listQuery(['title', 'startDate', 'hours'] as const).extend({
  kind: z.enum(programmeKinds).optional(),
});
export type ProgrammeListQuery = z.infer<typeof programmeListQuery>;
export const programmePage = page(programme);

/** Options for a picker: id and a label. */
export const option = z.object({ id: z.uuid(), label: z.string() });
export const optionList = z.array(option);
