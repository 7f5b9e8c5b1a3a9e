import { insertPlacement } from '../../src/demo/placements.ts';
import type { AccessModule } from './types.ts';

const readers = ['admin', 'coordinator', 'teacher', 'learner'] as const;
const staff = ['admin', 'coordinator', 'teacher'] as const;
const learner = ['learner'] as const;
const fakeToken = 'x'.repeat(43);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

/** The diary (entries, files, comments, the supervisor's link) and the record of contacts. */
export const diaryAccess: AccessModule = {
  async setup(t, w) {
    const db = t.deps.db;
    const schoolId = w.schoolA.id;
    const placement = await insertPlacement(
      db,
      schoolId,
      {
        kind: 'internship',
        title: 'Dienasgrāmatas prakse',
        destination_country: 'LV',
        supervisor_name: 'Ēriks Žubīts-supervisor',
        supervisor_email: 'diary.host@host.test',
        mentor_id: w.users.teacher.id,
        start_date: '2025-09-01',
        end_date: '2030-06-30',
        planned_hours: 400,
        comm_every_days: 14,
        status: 'in_progress',
      },
      [{ userId: w.users.learner.id, role: 'learner', name: 'Ēriks Žubīts-learner' }],
    );
    w.records.diaryPlacement = placement;
    const entry = (date: string) => ({
      school_id: schoolId,
      placement_id: placement,
      learner_id: w.users.learner.id,
      entry_date: date,
      hours: 8,
      work_done: 'Darbs',
    });
    const [kept, doomed] = await db
      .insertInto('diary_entries')
      .values([entry('2025-09-01'), entry('2025-09-02')])
      .returning('id')
      .execute();
    w.records.diaryEntry = kept!.id;
    w.records.diaryDoomed = doomed!.id;
    for (const name of ['diaryFile', 'diaryFileRemoved']) {
      const file = await db
        .insertInto('stored_files')
        .values({
          school_id: schoolId,
          owner_id: w.users.learner.id,
          filename: `${name}.png`,
          content_type: 'image/png',
          size: png.length,
          sha256: 'x',
          data: png,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('diary_attachments')
        .values({ school_id: schoolId, entry_id: kept!.id, file_id: file.id })
        .execute();
      w.records[name] = file.id;
    }
  },
  rows: [
    { method: 'GET', url: '/api/diary/mine', allowed: learner },
    {
      method: 'GET',
      url: '/api/placements/:id/diary',
      path: (w) => `/api/placements/${w.records.diaryPlacement}/diary`,
      allowed: readers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/diary',
      path: (w) => `/api/placements/${w.records.diaryPlacement}/diary`,
      body: { entryDate: '2026-01-05', hours: 6, workDone: 'Darbs', reflection: '' },
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'PUT',
      url: '/api/diary/:id',
      path: (w) => `/api/diary/${w.records.diaryEntry}`,
      body: { entryDate: '2025-09-01', hours: 7, workDone: 'Darbs', reflection: '', lockVersion: 1 },
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'DELETE',
      url: '/api/diary/:id',
      path: (w) => `/api/diary/${w.records.diaryDoomed}?lockVersion=1`,
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/diary/:id/comments',
      path: (w) => `/api/diary/${w.records.diaryEntry}/comments`,
      body: { body: 'Labi!' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/diary/:id/files',
      path: (w) => `/api/diary/${w.records.diaryEntry}/files?name=foto.png`,
      body: png,
      headers: { 'content-type': 'application/octet-stream' },
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'DELETE',
      url: '/api/diary/:id/files/:fileId',
      path: (w) => `/api/diary/${w.records.diaryEntry}/files/${w.records.diaryFileRemoved}`,
      allowed: learner,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/diary-files/:id',
      path: (w) => `/api/diary-files/${w.records.diaryFile}`,
      allowed: readers,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/diary/send-to-supervisor',
      path: (w) => `/api/placements/${w.records.diaryPlacement}/diary/send-to-supervisor`,
      allowed: readers,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/placements/:id/contacts',
      path: (w) => `/api/placements/${w.records.diaryPlacement}/contacts`,
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'POST',
      url: '/api/placements/:id/contacts',
      path: (w) => `/api/placements/${w.records.diaryPlacement}/contacts`,
      body: { contactDate: '2025-09-10', channel: 'phone', participants: 'Mentors, audzēknis' },
      allowed: staff,
      schoolARecord: true,
    },
    {
      method: 'GET',
      url: '/api/diary-link',
      path: () => `/api/diary-link?token=${fakeToken}`,
      allowed: 'public',
    },
    {
      method: 'POST',
      url: '/api/diary-link/review',
      body: { token: fakeToken, entryId: '00000000-0000-4000-8000-000000000000', action: 'confirm' },
      allowed: 'public',
    },
    {
      method: 'POST',
      url: '/api/diary-link/confirm-week',
      body: { token: fakeToken, weekStart: '2025-09-01' },
      allowed: 'public',
    },
    {
      method: 'GET',
      url: '/api/diary-link/files/:id',
      path: (w) => `/api/diary-link/files/${w.records.diaryFile}?token=${fakeToken}`,
      allowed: 'public',
    },
  ],
};
