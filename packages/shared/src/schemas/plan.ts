import { z } from 'zod';
import { isoDate } from './common.ts';

const named = z.object({ id: z.uuid(), name: z.string() });

/** A task the teacher, mentor or coordinator adds to a placement's plan, or edits. */
export const taskInput = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  dueDate: isoDate,
});
export type TaskInput = z.infer<typeof taskInput>;

/**
 * An extension for one learner. An empty reason passes the schema so the service can answer with the
 * message that says what the reason is for.
 */
export const extensionInput = z.object({
  learnerId: z.uuid(),
  newDueDate: isoDate,
  reason: z.string().trim().max(2000),
});
export type ExtensionInput = z.infer<typeof extensionInput>;

export const taskExtension = z.object({
  previousDueDate: z.string(),
  newDueDate: z.string(),
  reason: z.string(),
  grantedBy: z.string(),
  grantedRole: z.string(),
  grantedAt: z.string(),
});
export type TaskExtension = z.infer<typeof taskExtension>;

/** One learner's side of a task. */
export const taskProgressView = z.object({
  learner: named,
  dueDate: z.string(),
  doneAt: z.string().nullable(),
  extensions: z.array(taskExtension),
});
export type TaskProgressView = z.infer<typeof taskProgressView>;

export const planTask = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  dueDate: z.string(),
  source: z.enum(['template', 'teacher']),
  /** Every learner's state for staff; the learner's own only for a learner. */
  progress: z.array(taskProgressView),
});
export type PlanTask = z.infer<typeof planTask>;

/** The Plan tab: the tasks with each learner's state, and the communication plan. */
export const planResponse = z.object({
  placement: z.object({ id: z.uuid(), title: z.string(), startDate: z.string(), endDate: z.string() }),
  communication: z.object({
    channels: z.array(z.string()),
    everyDays: z.number().nullable(),
    weeklyHours: z.number().nullable(),
    who: z.string(),
  }),
  tasks: z.array(planTask),
  learners: z.array(named),
  /** The viewer adds, edits and deletes tasks. */
  canEdit: z.boolean(),
  /** The viewer's role may grant extensions in this school. */
  canExtend: z.boolean(),
  /** The viewer is a learner of the placement and marks their own tasks done. */
  canMarkDone: z.boolean(),
  /** Today on Riga's clock, for counting days left. */
  today: z.string(),
});
export type PlanResponse = z.infer<typeof planResponse>;

/** The learner's home: their open tasks across placements, soonest first, with days left. */
export const myTask = z.object({
  taskId: z.uuid(),
  title: z.string(),
  placement: named,
  dueDate: z.string(),
  daysLeft: z.number().int(),
  doneAt: z.string().nullable(),
});
export type MyTask = z.infer<typeof myTask>;
export const myTasksResponse = z.object({ items: z.array(myTask), today: z.string() });
export type MyTasksResponse = z.infer<typeof myTasksResponse>;

/** Staff's home: learners' open tasks due soon or already late, on the placements they see. */
export const upcomingDeadline = z.object({
  taskId: z.uuid(),
  title: z.string(),
  placement: named,
  learner: named,
  dueDate: z.string(),
  daysLeft: z.number().int(),
});
export type UpcomingDeadline = z.infer<typeof upcomingDeadline>;
export const upcomingDeadlinesResponse = z.object({
  items: z.array(upcomingDeadline),
  /** All such rows, of which `items` shows the first. */
  total: z.number().int(),
  today: z.string(),
});
export type UpcomingDeadlinesResponse = z.infer<typeof upcomingDeadlinesResponse>;

// ---- notifications ----

export const notificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** Worded in the reader's language from the kind and parameters. */
  text: z.string(),
  link: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const notificationsResponse = z.object({
  items: z.array(notificationView),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationsResponse = z.infer<typeof notificationsResponse>;
export const unreadCountResponse = z.object({ unread: z.number().int() });

// ---- calendar ----

export const calendarFeedView = z.object({
  /** The feed exists; its address is shown only when made or reset (only its hash is kept). */
  exists: z.boolean(),
  createdAt: z.string().nullable(),
});
export type CalendarFeedView = z.infer<typeof calendarFeedView>;
export const calendarFeedCreated = z.object({ url: z.string(), createdAt: z.string() });
export type CalendarFeedCreated = z.infer<typeof calendarFeedCreated>;
