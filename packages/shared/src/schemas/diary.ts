import { z } from 'zod';
import { addDays, dayNumber } from '../placements.ts';
import { isoDate } from './common.ts';

// ---- The learner's diary ----

export const diaryEntryStatuses = ['submitted', 'confirmed', 'returned'] as const;
export type DiaryEntryStatus = (typeof diaryEntryStatuses)[number];

/** A diary file's size limit: 10 MB, as the database's check says. */
export const MAX_DIARY_FILE_BYTES = 10 * 1024 * 1024;

/** What a diary file may be, by its content: photos, a PDF, a Word or OpenDocument text. */
export const diaryFileKinds = ['jpeg', 'png', 'webp', 'heic', 'pdf', 'docx', 'odt'] as const;
export type DiaryFileKind = (typeof diaryFileKinds)[number];
/** The extensions a browser's file picker offers (`accept`). */
export const diaryFileAccept = '.jpg,.jpeg,.png,.webp,.heic,.heif,.pdf,.docx,.odt';

/** Hours of one day: more than 0, at most 24, to the quarter or the minute (two decimals). */
const hours = z
  .number({ message: 'diary_hours' })
  .refine((h) => h > 0 && h <= 24, { message: 'diary_hours' })
  .refine((h) => Math.abs(h * 100 - Math.round(h * 100)) < 1e-6, { message: 'two_decimals' });

/** What the learner writes for one day. */
export const diaryEntryInput = z.object({
  entryDate: isoDate,
  hours,
  workDone: z.string().trim().min(1).max(5000),
  reflection: z.string().trim().max(5000).default(''),
});
export type DiaryEntryInput = z.infer<typeof diaryEntryInput>;

/** An edit, made from the version the learner read. */
export const diaryEntryUpdate = diaryEntryInput.extend({ lockVersion: z.number().int().min(1) });
export type DiaryEntryUpdate = z.infer<typeof diaryEntryUpdate>;

export const diaryDeleteQuery = z.object({ lockVersion: z.coerce.number().int().min(1) });
export const diaryUploadQuery = z.object({ name: z.string().trim().min(1).max(200) });

export const diaryCommentInput = z.object({ body: z.string().trim().min(1).max(4000) });
export type DiaryCommentInput = z.infer<typeof diaryCommentInput>;

export const diaryAttachment = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type DiaryAttachment = z.infer<typeof diaryAttachment>;

export const diaryComment = z.object({
  id: z.uuid(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type DiaryComment = z.infer<typeof diaryComment>;

export const diaryEntry = z.object({
  id: z.uuid(),
  placementId: z.uuid(),
  learner: z.object({ id: z.uuid(), name: z.string() }),
  entryDate: z.string(),
  hours: z.number(),
  workDone: z.string(),
  reflection: z.string(),
  status: z.enum(diaryEntryStatuses),
  supervisorComment: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string(),
  lockVersion: z.number().int(),
  attachments: z.array(diaryAttachment),
  comments: z.array(diaryComment),
  /** The learner may still change it: it is theirs and not confirmed. */
  canEdit: z.boolean(),
});
export type DiaryEntry = z.infer<typeof diaryEntry>;

/** Hours done (all entries, and confirmed ones) against the placement's planned hours. */
export const diaryHours = z.object({
  done: z.number(),
  confirmed: z.number(),
  planned: z.number().nullable(),
  entries: z.number().int(),
  unconfirmed: z.number().int(),
});
export type DiaryHours = z.infer<typeof diaryHours>;

export const diaryResponse = z.object({
  placement: z.object({
    id: z.uuid(),
    title: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    supervisorName: z.string(),
    hasSupervisorEmail: z.boolean(),
  }),
  hours: diaryHours,
  /** The actor is a learner of this placement and may write entries. */
  canWrite: z.boolean(),
  /** Staff who see the placement may comment on entries. */
  canComment: z.boolean(),
  entries: z.array(diaryEntry),
});
export type DiaryResponse = z.infer<typeof diaryResponse>;

export const diaryEntryResponse = z.object({ entry: diaryEntry, hours: diaryHours });
export type DiaryEntryResponse = z.infer<typeof diaryEntryResponse>;

/** The learner's current placements with their diary's hours, for the home page. */
export const myDiaryResponse = z.object({
  items: z.array(
    z.object({
      placementId: z.uuid(),
      title: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      hours: diaryHours,
      lastEntryDate: z.string().nullable(),
    }),
  ),
});
export type MyDiaryResponse = z.infer<typeof myDiaryResponse>;

export const diarySendResponse = z.object({ sent: z.boolean(), unconfirmed: z.number().int() });
export type DiarySendResponse = z.infer<typeof diarySendResponse>;

// ---- The workplace supervisor's review, through an e-mailed link ----

const token = z.string().min(20).max(200);
export const diaryLinkQuery = z.object({ token });
export const diaryLinkReview = z.object({
  token,
  entryId: z.uuid(),
  action: z.enum(['confirm', 'return']),
  comment: z.string().trim().max(2000).default(''),
});
export type DiaryLinkReview = z.infer<typeof diaryLinkReview>;
export const diaryLinkWeek = z.object({ token, weekStart: isoDate });
export type DiaryLinkWeek = z.infer<typeof diaryLinkWeek>;
export const diaryLinkFileQuery = z.object({ token });

export const diaryLinkEntry = z.object({
  id: z.uuid(),
  learnerName: z.string(),
  entryDate: z.string(),
  hours: z.number(),
  workDone: z.string(),
  reflection: z.string(),
  status: z.enum(diaryEntryStatuses),
  supervisorComment: z.string(),
  attachments: z.array(diaryAttachment),
});
export type DiaryLinkEntry = z.infer<typeof diaryLinkEntry>;

export const diaryLinkView = z.object({
  placement: z.object({
    title: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    schoolName: z.string(),
  }),
  supervisorName: z.string(),
  hours: diaryHours,
  /** Unconfirmed entries (submitted or returned) by week, oldest first. */
  weeks: z.array(z.object({ weekStart: z.string(), entries: z.array(diaryLinkEntry) })),
  /** The most recently confirmed entries, for reference. */
  confirmed: z.array(diaryLinkEntry),
});
export type DiaryLinkView = z.infer<typeof diaryLinkView>;

export const diaryLinkResult = z.object({
  view: diaryLinkView,
  /** How many entries this action confirmed or returned. */
  changed: z.number().int(),
});
export type DiaryLinkResult = z.infer<typeof diaryLinkResult>;

// ---- Contacts ----

export const placementContactChannels = [
  'meeting',
  'phone',
  'video',
  'email',
  'chat',
  'visit',
  'other',
] as const;
export type PlacementContactChannel = (typeof placementContactChannels)[number];

export const contactInput = z.object({
  contactDate: isoDate,
  channel: z.enum(placementContactChannels),
  participants: z.string().trim().min(1).max(500),
  notes: z.string().trim().max(5000).default(''),
  planned: z.boolean().default(false),
});
export type ContactInput = z.infer<typeof contactInput>;

export const placementContact = z.object({
  id: z.uuid(),
  contactDate: z.string(),
  channel: z.enum(placementContactChannels),
  participants: z.string(),
  notes: z.string(),
  planned: z.boolean(),
  recordedByName: z.string(),
  createdAt: z.string(),
});
export type PlacementContact = z.infer<typeof placementContact>;

/** Whether the placement's contact is overdue against its plan (`comm_every_days`). */
export const contactStatus = z.object({
  lastContactDate: z.string().nullable(),
  daysSince: z.number().int().nullable(),
  everyDays: z.number().int().nullable(),
  overdue: z.boolean(),
});
export type ContactStatus = z.infer<typeof contactStatus>;

export const contactsResponse = z.object({
  status: contactStatus,
  items: z.array(placementContact),
  canRecord: z.boolean(),
});
export type ContactsResponse = z.infer<typeof contactsResponse>;

// ---- Pure rules both sides use ----

/** The Monday of the week a date falls in (weeks run Monday to Sunday). */
export function weekStart(date: string): string {
  // 1970-01-01 was a Thursday: day 0 → weekday index 3 (Monday = 0)
  const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7;
  return addDays(date, -weekday);
}

/**
 * Is a placement's contact overdue? The plan says every `everyDays` days; with no contact yet, the
 * count starts at the placement's start. A placement without a plan is never flagged.
 */
export function contactOverdue(input: {
  today: string;
  startDate: string;
  lastContactDate: string | null;
  everyDays: number | null;
}): ContactStatus {
  const since = input.lastContactDate ?? input.startDate;
  const daysSince = dayNumber(input.today) - dayNumber(since);
  const overdue = input.everyDays !== null && input.everyDays > 0 && daysSince > input.everyDays;
  return {
    lastContactDate: input.lastContactDate,
    daysSince: input.lastContactDate ? daysSince : null,
    everyDays: input.everyDays,
    overdue,
  };
}
