import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '../src/db/context.ts';
import { createMobilityRules, createPartner, createProject, createUser } from '../src/demo/factories.ts';
import { insertPlacement } from '../src/demo/placements.ts';
import { recognisedOutcomes } from '../src/features/agreements/assessments.service.ts';
import { renderPdf } from '../src/pdf/pdf.ts';
import { readPdf } from '../src/pdf/pdf-text.ts';
import { createTemplate, download, verifyOverHttp } from './support/credentials.ts';
import {
  createTestTilts,
  createWorld,
  linkFromOutbox,
  PASSWORD,
  type TestTilts,
  type World,
} from './support/harness.ts';

// The clock of these tests, moved forward where a test needs time to pass.
let clock = new Date('2026-03-01T09:00:00Z');
// A Latvian pangram: every letter with a diacritic, in an outcome's words.
const PANGRAM = 'Glāžšķūņa rūķīši dzērumā čiepj Baha koncertflīģeļu vākus';

let t: TestTilts;
let w: World;
let coordinator: string;
let teacher: string;
let internship: string;
let group: string;
const learner = {} as { id: string; email: string; cookie: string };
const groupLearners: { id: string; email: string }[] = [];
let units: { m1: string; m2: string; outcomes: string[] };

type Method = 'GET' | 'POST' | 'PUT';
const call = (method: Method, url: string, cookie?: string, body?: unknown, lang = 'lv') =>
  t.request(method, url, {
    cookie,
    ...(body === undefined ? {} : { body }),
    headers: { 'accept-language': lang },
  });

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => clock });
  w = await createWorld(t);
  const db = t.deps.db;
  const school = w.schoolA.id;
  await db
    .updateTable('schools')
    .set({ legal_address: 'Kr. Valdemāra iela 1c, Rīga, LV-1010', registration_number: '90000000001' })
    .where('id', '=', school)
    .execute();
  const q = await db
    .insertInto('qualifications')
    .values({
      school_id: school,
      code: '33 481 02 1',
      title: 'Datorsistēmu tehniķis',
      title_en: 'Computer systems technician',
      eqf_level: 4,
      lki_level: 4,
      programme: 'Datorsistēmas',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unit = async (code: string, title: string, credits: number, texts: string[]) => {
    const u = await db
      .insertInto('units')
      .values({
        school_id: school,
        qualification_id: q.id,
        code,
        title,
        eqf_level: 4,
        credit_points: credits,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outs = await db
      .insertInto('learning_outcomes')
      .values(
        texts.map((text, position) => ({
          school_id: school,
          unit_id: u.id,
          position,
          kind: 'skills' as const,
          text,
        })),
      )
      .returning('id')
      .execute();
    return { id: u.id, outcomes: outs.map((o) => o.id) };
  };
  const m1 = await unit('M1', 'Datortīklu ierīkošana', 4, [
    'Ierīko lokālo tīklu',
    PANGRAM,
    'Dokumentē tīkla shēmu',
  ]);
  const m2 = await unit('M2', 'Lietotāju atbalsts', 3, ['Novērš datora kļūmes']);
  units = { m1: m1.id, m2: m2.id, outcomes: [...m1.outcomes, ...m2.outcomes] };
  const hostLv = await createPartner(db, {
    school_id: school,
    kind: 'company',
    legal_name: 'SIA „Ķekavas Šūnu Tīkli”',
    country: 'LV',
    city: 'Ķekava',
    legal_address: 'Rīgas iela 1, Ķekava, LV-2123',
  });
  const hostDe = await createPartner(db, {
    school_id: school,
    kind: 'company',
    legal_name: 'Müller Maschinenbau GmbH',
    country: 'DE',
    city: 'Dresden',
    legal_address: 'Hauptstraße 1, 01099 Dresden',
  });
  const user = (email: string, given: string, family: string) =>
    createUser(db, {
      email,
      givenName: given,
      familyName: family,
      password: PASSWORD,
      schoolId: school,
      role: 'learner',
    });
  Object.assign(learner, await user('girts@a.test', 'Ģirts', 'Šņore'));
  for (const [e, g, f] of [
    ['anna@a.test', 'Anna', 'Bērziņa'],
    ['karlis@a.test', 'Kārlis', 'Ozols'],
    ['liga@a.test', 'Līga', 'Ūdre'],
  ] as const) {
    groupLearners.push(await user(e, g, f));
  }
  internship = await insertPlacement(
    db,
    school,
    {
      kind: 'internship',
      title: 'Ģirts Šņore — Ķekavas Šūnu Tīkli',
      qualification_id: q.id,
      host_partner_id: hostLv.id,
      destination_country: 'LV',
      destination_city: 'Ķekava',
      supervisor_name: 'Ilze Kalna',
      supervisor_position: 'IT vadītāja',
      supervisor_email: w.users.supervisor.email,
      mentor_id: w.users.teacher.id,
      start_date: '2026-03-09',
      end_date: '2026-05-29',
      insurance: 'BTA nelaimes gadījumu polise Nr. 123',
      status: 'planned',
    },
    [{ userId: learner.id, role: 'learner', name: 'Ģirts Šņore' }],
  );
  await createMobilityRules(db, school, [2025]);
  const project = await createProject(db, {
    schoolId: school,
    callYear: 2025,
    startDate: '2025-09-01',
    endDate: '2027-08-31',
  });
  group = await insertPlacement(
    db,
    school,
    {
      kind: 'erasmus',
      activity_type: 'group_mobility',
      title: 'Grupa uz Drēzdeni',
      project_id: project.id,
      qualification_id: q.id,
      host_partner_id: hostDe.id,
      destination_country: 'DE',
      destination_city: 'Dresden',
      supervisor_name: 'Hans Müller',
      supervisor_email: 'hans@example.de',
      mentor_id: w.users.teacher.id,
      start_date: '2026-04-06',
      end_date: '2026-04-17',
      insurance: 'ERGO grupas polise',
    },
    [
      ...groupLearners.map((l) => ({ userId: l.id, role: 'learner' as const, name: l.email })),
      { userId: w.users.teacher.id, role: 'accompanying', name: 'Ēriks Žubīts-teacher' },
    ],
  );
  for (const [placement, list] of [
    [internship, [units.m1, units.m2]],
    [group, [units.m1]],
  ] as const) {
    await db
      .insertInto('placement_units')
      .values(
        list.map((unitId, position) => ({
          school_id: school,
          placement_id: placement,
          unit_id: unitId,
          position,
        })),
      )
      .execute();
  }
  coordinator = await t.signIn(w.users.coordinator.email);
  teacher = await t.signIn(w.users.teacher.email);
  learner.cookie = await t.signIn(learner.email);
});
afterAll(() => t?.close());

async function agreementOf(placementId: string, cookie = coordinator) {
  const list = (await call('GET', `/api/placements/${placementId}/agreements`, cookie)).json();
  return list.agreements as {
    id: string;
    learner: { id: string; name: string };
    status: string;
    missing: string[];
  }[];
}

let id: string;
let v1Hash: string;

describe('draft', () => {
  it('is pre-filled from the placement, the school, the host and the catalogue, by the mentoring teacher too', async () => {
    const res = await call('POST', `/api/placements/${internship}/agreements`, teacher, {});
    expect(res.status).toBe(200);
    const list = res.json();
    expect(list.agreements).toHaveLength(1);
    expect(list.withoutAgreement).toEqual([]);
    id = list.agreements[0].id;
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    expect(a.kind).toBe('internship_agreement');
    expect(a.current.status).toBe('draft');
    const c = a.current.content;
    expect(c.school).toMatchObject({
      name: 'Rīgas Valsts tehnikums',
      legalAddress: 'Kr. Valdemāra iela 1c, Rīga, LV-1010',
    });
    expect(c.host).toMatchObject({
      name: 'SIA „Ķekavas Šūnu Tīkli”',
      legalAddress: 'Rīgas iela 1, Ķekava, LV-2123',
    });
    expect(c.learner).toMatchObject({ givenName: 'Ģirts', familyName: 'Šņore', dateOfBirth: null });
    expect(c.qualification).toMatchObject({
      title: 'Datorsistēmu tehniķis',
      eqfLevel: 4,
      lkiLevel: 4,
      programme: 'Datorsistēmas',
    });
    expect(
      c.units.map((u: { code: string; creditPoints: number; outcomes: unknown[] }) => [
        u.code,
        u.creditPoints,
        u.outcomes.length,
      ]),
    ).toEqual([
      ['M1', 4, 3],
      ['M2', 3, 1],
    ]);
    expect(c.period).toMatchObject({ startDate: '2026-03-09', endDate: '2026-05-29' });
    expect(c.schoolMentor.name).toBe('Ēriks Žubīts-teacher');
    expect(c.hostMentor).toMatchObject({ name: 'Ilze Kalna', email: w.users.supervisor.email });
    expect(c.insurance).toBe('BTA nelaimes gadījumu polise Nr. 123');
    expect(c.responsibilities.host).toMatch(/prakses vadītāju uzņēmumā/);
    // The one thing the placement cannot say: is the learner a minor?
    expect(a.current.missing).toEqual(['birth_date']);
  });

  it('refuses to send while something is missing, naming it', async () => {
    const res = await call('POST', `/api/agreements/${id}/versions/1/send`, coordinator);
    expect(res.status).toBe(409);
    expect(res.json().error.fields.missing).toBe(
      'Pirms nosūtīšanas parakstīšanai vēl jānorāda: dzimšanas datums nav zināms: vai audzēknis ir nepilngadīgs?.',
    );
    const en = await call('POST', `/api/agreements/${id}/versions/1/send`, coordinator, undefined, 'en');
    expect(en.json().error.fields.missing).toBe(
      'Still needed before sending for signature: birth date unknown: is the learner a minor?.',
    );
  });

  it('asks a guardian for a minor, and will not send without one', async () => {
    const profile = await call('PUT', `/api/learners/${learner.id}/profile`, coordinator, {
      dateOfBirth: '2009-06-01',
    });
    expect(profile.status).toBe(200);
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    expect(a.current.content).toMatchObject({ minor: true, guardian: { name: '', email: '' } });
    expect(a.current.missing).toEqual(['guardian']);
    expect((await agreementOf(internship))[0]!.missing).toEqual(['guardian']);
    const send = await call('POST', `/api/agreements/${id}/versions/1/send`, coordinator);
    expect(send.status).toBe(409);
    expect(send.json().error.fields.missing).toBe(
      'Pirms nosūtīšanas parakstīšanai vēl jānorāda: nepilngadīgam audzēknim vajag vecāka vai aizbildņa vārdu un e-pastu.',
    );
    expect((await call('GET', `/api/agreements/${id}`, coordinator)).json().current.status).toBe('draft');
  });

  it('lets the learner read their own profile, and nobody else edit it but the school', async () => {
    const own = await call('GET', `/api/learners/${learner.id}/profile`, learner.cookie);
    expect(own.json()).toMatchObject({ dateOfBirth: '2009-06-01', canEdit: false });
    expect(
      (await call('PUT', `/api/learners/${learner.id}/profile`, learner.cookie, { dateOfBirth: null }))
        .status,
    ).toBe(403);
    const anna = await t.signIn(groupLearners[0]!.email);
    expect((await call('GET', `/api/learners/${learner.id}/profile`, anna)).status).toBe(404);
    const other = await t.signIn(w.otherAdmin.email);
    expect((await call('GET', `/api/learners/${learner.id}/profile`, other)).status).toBe(404);
  });

  it('keeps both of two people editing at once from losing anything: the second save is refused', async () => {
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    const base = editable(a.current);
    const first = await call('PUT', `/api/agreements/${id}/versions/1`, coordinator, {
      ...base,
      units: base.units.map((u: { activities: string }) => ({ ...u, activities: 'Tīkla ierīkošana birojā' })),
    });
    expect(first.status).toBe(200);
    const second = await call('PUT', `/api/agreements/${id}/versions/1`, teacher, {
      ...base,
      notes: 'Cits teksts',
    });
    expect(second.status).toBe(409);
    expect(second.json().error.fields.lockVersion).toMatch(/kāds cits šos datus jau mainīja/);
    const now = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    expect(now.current.content.notes).toBe('');
    expect(now.current.content.units[0].activities).toBe('Tīkla ierīkošana birojā');
  });

  it('refuses an outcome that is not one of the unit’s', async () => {
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    const e = editable(a.current);
    e.units[1].outcomes.push({ outcomeId: units.outcomes[0], included: true, place: 'workplace' });
    const res = await call('PUT', `/api/agreements/${id}/versions/1`, coordinator, e);
    expect(res.status).toBe(400);
    expect(res.json().error.fields['units.1.outcomes.1.outcomeId']).toBe(
      'Šis mācīšanās rezultāts nepieder šai vienībai.',
    );
  });
});

/** The editable part of a version, as the web form sends it. */
function editable(v: { lockVersion: number; content: any }) {
  const c = v.content;
  return {
    lockVersion: v.lockVersion,
    startDate: c.period.startDate,
    endDate: c.period.endDate,
    units: c.units.map((u: any) => ({
      unitId: u.id,
      activities: u.activities,
      outcomes: u.outcomes.map((o: any) => ({ outcomeId: o.id, included: o.included, place: o.place })),
    })),
    hostMentor: c.hostMentor,
    hostSignatory: c.hostSignatory,
    schoolSignatory: c.schoolSignatory,
    responsibilities: c.responsibilities,
    insurance: c.insurance,
    assessmentMethod: c.assessment.method,
    grading: c.assessment.grading,
    recognition: c.recognition,
    notes: c.notes,
  };
}

describe('sign', () => {
  it('sends to four parties for a minor: the host and the guardian by e-mailed link', async () => {
    await call('PUT', `/api/learners/${learner.id}/profile`, coordinator, {
      dateOfBirth: '2009-06-01',
      guardianName: 'Inga Šņore',
      guardianEmail: 'inga@example.lv',
    });
    const res = await call('POST', `/api/agreements/${id}/versions/1/send`, coordinator);
    expect(res.status).toBe(200);
    const a = res.json();
    expect(a.current.status).toBe('awaiting_signatures');
    expect(a.current.content.guardian).toMatchObject({ name: 'Inga Šņore', email: 'inga@example.lv' });
    expect(
      a.current.signatures.map((s: { party: string; expectedEmail: string }) => [s.party, s.expectedEmail]),
    ).toEqual([
      ['school', ''],
      ['learner', 'girts@a.test'],
      ['host', w.users.supervisor.email],
      ['guardian', 'inga@example.lv'],
    ]);
    v1Hash = a.current.contentHash;
    expect(v1Hash).toMatch(/^[0-9a-f]{64}$/);
    const mails = await t.deps.db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject', 'locale'])
      .orderBy('created_at')
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual(
      expect.arrayContaining([w.users.supervisor.email, 'inga@example.lv', 'girts@a.test']),
    );
    expect(mails.find((m) => m.to_address === 'inga@example.lv')?.subject).toBe(
      'Lūdzam parakstīt: Trīspusējs prakses līgums (Ģirts Šņore)',
    );
  });

  it('refuses a signature of a version that changed since it was shown, and shows the new one', async () => {
    // The learner opened version 1; meanwhile the school took it back, changed it and sent it again.
    expect((await call('POST', `/api/agreements/${id}/versions/1/withdraw`, coordinator)).status).toBe(200);
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    const saved = await call('PUT', `/api/agreements/${id}/versions/1`, coordinator, {
      ...editable(a.current),
      notes: 'Darba laiks no 9 līdz 17.',
    });
    expect(saved.status).toBe(200);
    const sent = await call('POST', `/api/agreements/${id}/versions/1/send`, coordinator);
    const fresh = sent.json().current.contentHash;
    expect(fresh).not.toBe(v1Hash);
    const stale = await call('POST', `/api/agreements/${id}/versions/1/sign`, learner.cookie, {
      contentHash: v1Hash,
      consent: true,
    });
    expect(stale.status).toBe(409);
    expect(stale.json().error.fields.contentHash).toMatch(/Līgums ir mainījies/);
    const shown = (await call('GET', `/api/agreements/${id}`, learner.cookie)).json();
    expect(shown.current.contentHash).toBe(fresh);
    expect(shown.current.content.notes).toBe('Darba laiks no 9 līdz 17.');
    v1Hash = fresh;
  });

  it('the learner and the school sign in the app; each signature records who, when, how and the hash', async () => {
    const mine = await call('POST', `/api/agreements/${id}/versions/1/sign`, learner.cookie, {
      contentHash: v1Hash,
      consent: true,
    });
    expect(mine.status).toBe(200);
    expect(
      (
        await call('POST', `/api/agreements/${id}/versions/1/sign`, learner.cookie, {
          contentHash: v1Hash,
          consent: true,
        })
      ).json().error.fields.party,
    ).toBe('Puse “audzēknis” šo versiju jau ir parakstījusi.');
    // A teacher is not the school's signatory.
    expect(
      (
        await call('POST', `/api/agreements/${id}/versions/1/sign`, teacher, {
          contentHash: v1Hash,
          consent: true,
        })
      ).status,
    ).toBe(403);
    const school = await call('POST', `/api/agreements/${id}/versions/1/sign`, coordinator, {
      contentHash: v1Hash,
      position: 'Prakses koordinators',
      consent: true,
    });
    const sigs = school.json().current.signatures;
    expect(sigs[0]).toMatchObject({
      party: 'school',
      name: 'Ēriks Žubīts-coordinator',
      position: 'Prakses koordinators',
      email: w.users.coordinator.email,
      method: 'in_app',
      hash: v1Hash,
      signedAt: clock.toISOString(),
    });
    expect(sigs[1]).toMatchObject({ party: 'learner', name: 'Ģirts Šņore', method: 'in_app', hash: v1Hash });
    expect(school.json().current.status).toBe('awaiting_signatures');
  });

  it('the supervisor signs through the e-mailed link, once; a link after its expiry does nothing', async () => {
    const link = await linkFromOutbox(t, w.users.supervisor.email);
    const token = link.searchParams.get('token')!;
    expect(link.pathname).toBe('/agreement-sign');
    const view = await call('GET', `/api/agreement-links?token=${token}`);
    expect(view.json()).toMatchObject({
      party: 'host',
      expectedName: 'Ilze Kalna',
      contentHash: v1Hash,
      alreadySigned: false,
    });
    const pdf = await t.request('GET', `/api/agreement-links/pdf?token=${token}&lang=en`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const signed = await call('POST', '/api/agreement-links/sign', undefined, {
      token,
      contentHash: v1Hash,
      name: 'Ilze Kalna',
      position: 'IT vadītāja',
      consent: true,
    });
    expect(signed.status).toBe(200);
    expect(signed.json().signatures[2]).toMatchObject({
      party: 'host',
      name: 'Ilze Kalna',
      method: 'email_link',
      email: w.users.supervisor.email,
    });
    const again = await call('POST', '/api/agreement-links/sign', undefined, {
      token,
      contentHash: v1Hash,
      name: 'Ilze Kalna',
      consent: true,
    });
    expect(again.status).toBe(410);
    expect(again.json().error.message).toBe(
      'Saite ir nederīga, jau izmantota vai beigusies. Pieprasiet jaunu.',
    );
    // The used link still shows what was signed, and its PDF, until it expires.
    expect((await call('GET', `/api/agreement-links?token=${token}`)).json()).toMatchObject({
      alreadySigned: true,
    });
    expect((await t.request('GET', `/api/agreement-links/pdf?token=${token}`)).status).toBe(200);

    const guardian = (await linkFromOutbox(t, 'inga@example.lv')).searchParams.get('token')!;
    const later = clock;
    clock = new Date(clock.getTime() + 15 * 86_400_000);
    const expired = await call('POST', '/api/agreement-links/sign', undefined, {
      token: guardian,
      contentHash: v1Hash,
      name: 'Inga',
      consent: true,
    });
    expect(expired.status).toBe(410);
    clock = later;
  });

  it('is final when the guardian signs too; the placement can then start', async () => {
    const guardian = (await linkFromOutbox(t, 'inga@example.lv')).searchParams.get('token')!;
    const res = await call('POST', '/api/agreement-links/sign', undefined, {
      token: guardian,
      contentHash: v1Hash,
      name: 'Inga Šņore',
      consent: true,
    });
    expect(res.status).toBe(200);
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    expect(a.current.status).toBe('signed');
    expect(a.signedVersion).toBe(1);
    const placement = (await call('GET', `/api/placements/${internship}`, coordinator)).json();
    expect(placement.missing).toEqual([]);
    expect(
      (await call('POST', `/api/placements/${internship}/status`, coordinator, { to: 'ready' })).status,
    ).toBe(200);
    // A signed version never changes.
    const edit = await call('PUT', `/api/agreements/${id}/versions/1`, coordinator, editable(a.current));
    expect(edit.status).toBe(409);
    expect(edit.json().error.fields.version).toMatch(/statusā “parakstīta”/);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((x) => x.action)).toEqual([
      'agreement.created',
      'agreement.draft_saved',
      'agreement.sent',
      'agreement.withdrawn',
      'agreement.draft_saved',
      'agreement.sent',
      'agreement.signed',
      'agreement.signed',
      'agreement.signed',
      'agreement.signed',
      'agreement.version_signed',
    ]);
    expect(audit.filter((x) => x.action === 'agreement.signed').map((x) => x.actor_email)).toEqual([
      'girts@a.test',
      w.users.coordinator.email,
      w.users.supervisor.email,
      'inga@example.lv',
    ]);
  });
});

describe('change', () => {
  it('needs a reason, makes version 2 that every party signs again, and keeps version 1 readable and in force', async () => {
    const none = await call('POST', `/api/agreements/${id}/changes`, coordinator, { reason: 'other' });
    expect(none.json().error.fields.comment).toBe('Norādiet iemeslu.');
    const res = await call('POST', `/api/agreements/${id}/changes`, coordinator, {
      reason: 'period_extended',
      comment: 'Uzņēmējs piedāvā vēl divas nedēļas.',
    });
    expect(res.status).toBe(200);
    const a = res.json();
    expect(a.currentVersion).toBe(2);
    expect(a.signedVersion).toBe(1);
    expect(a.current).toMatchObject({ status: 'draft', changeReason: 'period_extended', signatures: [] });
    const e = editable(a.current);
    e.endDate = '2026-06-12';
    e.units[0].outcomes[2].included = false;
    const saved = await call('PUT', `/api/agreements/${id}/versions/2`, coordinator, e);
    expect(saved.status).toBe(200);
    const sent = (await call('POST', `/api/agreements/${id}/versions/2/send`, coordinator)).json();
    expect(sent.current.signatures.map((s: { signedAt: string | null }) => s.signedAt)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const v1 = (await call('GET', `/api/agreements/${id}/versions/1`, learner.cookie)).json();
    expect(v1).toMatchObject({ version: 1, status: 'signed' });
    expect(v1.content.period.endDate).toBe('2026-05-29');
    expect(v1.signatures.every((s: { hash: string }) => s.hash === v1.contentHash)).toBe(true);
    // Version 1 stays the agreement in force meanwhile: the placement is still ready.
    expect((await call('GET', `/api/placements/${internship}`, coordinator)).json().missing).toEqual([]);
  });

  it('replaces version 1 when all four have signed version 2', async () => {
    const a = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    const hash = a.current.contentHash;
    await call('POST', `/api/agreements/${id}/versions/2/sign`, learner.cookie, {
      contentHash: hash,
      consent: true,
    });
    await call('POST', `/api/agreements/${id}/versions/2/sign`, coordinator, {
      contentHash: hash,
      consent: true,
    });
    for (const to of [w.users.supervisor.email, 'inga@example.lv']) {
      const token = (await linkFromOutbox(t, to)).searchParams.get('token')!;
      const r = await call('POST', '/api/agreement-links/sign', undefined, {
        token,
        contentHash: hash,
        name: to,
        consent: true,
      });
      expect(r.status).toBe(200);
    }
    const after = (await call('GET', `/api/agreements/${id}`, coordinator)).json();
    expect(after.signedVersion).toBe(2);
    expect(after.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'signed'],
    ]);
  });
});

describe('PDF and the public check', () => {
  let pdf: Buffer;

  it('writes each version in Latvian with every Latvian letter, and a last page with the signatures and the hash', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/agreements/${id}/versions/1/pdf?lang=lv`,
      headers: { cookie: coordinator },
    });
    expect(res.statusCode).toBe(200);
    pdf = res.rawPayload;
    const read = await readPdf(pdf);
    const text = read.pages.join('\n');
    expect(text).toContain('Trīspusējs prakses līgums');
    for (const letter of ['ā', 'č', 'ē', 'ģ', 'ī', 'ķ', 'ļ', 'ņ', 'š', 'ū', 'ž'])
      expect(text).toContain(letter);
    expect(text).toContain(PANGRAM);
    const last = read.pages.at(-1)!;
    expect(last).toContain('Paraksti');
    expect(last).toContain('Inga Šņore');
    expect(last.replace(/\s+/g, ' ')).toContain('ar e-pasta saiti');
    const v1 = (await call('GET', `/api/agreements/${id}/versions/1`, coordinator)).json();
    expect(last.replace(/\s+/g, '')).toContain(v1.contentHash);
    expect(read.keywords).toBe(`sha256:${v1.contentHash} version:1`);
    const en = await readPdf(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/agreements/${id}/versions/1/pdf?lang=en`,
          headers: { cookie: coordinator },
        })
      ).rawPayload,
    );
    expect(en.pages[0]).toContain('Tripartite internship agreement');
    expect(en.pages.at(-1)).toContain('Signatures');
  });

  it('tells anyone holding the PDF which version it is and who signed it, by upload or by hash', async () => {
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/agreement-check',
      headers: { 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(upload.statusCode).toBe(200);
    const r = upload.json();
    expect(r).toMatchObject({ outcome: 'signed', fileMatches: true });
    expect(r.match).toMatchObject({
      version: 1,
      learner: 'Ģirts Šņore',
      host: 'SIA „Ķekavas Šūnu Tīkli”',
      replacedBy: 2,
    });
    expect(r.match.signatures.map((s: { name: string }) => s.name)).toEqual([
      'Ēriks Žubīts-coordinator',
      'Ģirts Šņore',
      'Ilze Kalna',
      'Inga Šņore',
    ]);
    const typed = await call('GET', `/api/agreement-check?hash=${r.hash.toUpperCase()}`);
    expect(typed.json()).toMatchObject({ outcome: 'signed', fileMatches: null, match: { version: 1 } });
  });

  it('says plainly when nothing matches, and never fails on a file that is not a PDF', async () => {
    const none = await call('GET', `/api/agreement-check?hash=${'ab'.repeat(32)}`);
    expect(none.json()).toEqual({
      hash: 'ab'.repeat(32),
      outcome: 'no_match',
      fileMatches: null,
      match: null,
    });
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/agreement-check',
      headers: { 'content-type': 'text/plain' },
      payload: 'nav PDF',
    });
    expect(text.statusCode).toBe(200);
    expect(text.json().outcome).toBe('not_pdf');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/agreement-check',
      headers: { 'content-type': 'application/pdf' },
      payload: Buffer.from('%PDF-1.7 salauzts'),
    });
    expect(broken.json().outcome).toBe('not_pdf');
    const other = await renderPdf([{ text: 'Cits dokuments' }], { title: 'Cits', locale: 'lv' });
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/agreement-check',
      headers: { 'content-type': 'application/pdf' },
      payload: other,
    });
    expect(plain.json()).toMatchObject({ outcome: 'no_hash', match: null });
    const forged = await renderPdf([{ text: `Satura SHA-256\n${'cd'.repeat(32)}` }], {
      title: 'X',
      locale: 'lv',
      keywords: `sha256:${'cd'.repeat(32)}`,
    });
    const f = await t.app.inject({
      method: 'POST',
      url: '/api/agreement-check',
      headers: { 'content-type': 'application/pdf' },
      payload: forged,
    });
    expect(f.json()).toMatchObject({ outcome: 'no_match', fileMatches: false });
  });
});

describe('group mobility', () => {
  it('makes one agreement per learner in one action, with the group learning programme', async () => {
    const res = await call('POST', `/api/placements/${group}/agreements`, coordinator, {
      groupProgramme: '1. diena: iepazīšanās ar uzņēmumu. 2.–9. diena: darbs ražošanas cehā.',
    });
    expect(res.status).toBe(200);
    const list = res.json();
    expect(list.agreements.map((a: { learner: { name: string } }) => a.learner.name)).toEqual([
      'Anna Bērziņa',
      'Kārlis Ozols',
      'Līga Ūdre',
    ]);
    expect(list.groupProgramme).toMatch(/ražošanas cehā/);
    const first = (await call('GET', `/api/agreements/${list.agreements[0].id}`, coordinator)).json();
    expect(first.kind).toBe('learning_agreement');
    expect(first.current.content.groupProgramme).toMatch(/ražošanas cehā/);
    // The learning agreement needs the activities at the host for each unit, and birth dates.
    expect(first.current.missing).toEqual(['birth_date', 'activities']);
    const again = await call('POST', `/api/placements/${group}/agreements`, coordinator, {});
    expect(again.json().agreements).toHaveLength(3);
  });

  it('sends every complete one, names what the others lack, and lets each learner sign only their own', async () => {
    const list = await agreementOf(group);
    for (const [i, a] of list.entries()) {
      if (i < 2)
        await call('PUT', `/api/learners/${a.learner.id}/profile`, coordinator, {
          dateOfBirth: '2004-01-01',
        });
      const detail = (await call('GET', `/api/agreements/${a.id}`, coordinator)).json();
      const e = editable(detail.current);
      e.units[0].activities = 'Darbs CNC ceha līnijā mentora vadībā';
      await call('PUT', `/api/agreements/${a.id}/versions/1`, coordinator, e);
    }
    const sent = (await call('POST', `/api/placements/${group}/agreements/send`, coordinator)).json();
    expect(sent.sent).toBe(2);
    expect(sent.notReady).toEqual([
      { agreementId: list[2]!.id, learner: 'Līga Ūdre', missing: ['birth_date'] },
    ]);
    const anna = await t.signIn(groupLearners[0]!.email);
    const karlisAgreement = list[1]!.id;
    expect((await call('GET', `/api/agreements/${karlisAgreement}`, anna)).status).toBe(404);
    const hash = (await call('GET', `/api/agreements/${karlisAgreement}`, coordinator)).json().current
      .contentHash;
    expect(
      (
        await call('POST', `/api/agreements/${karlisAgreement}/versions/1/sign`, anna, {
          contentHash: hash,
          consent: true,
        })
      ).status,
    ).toBe(404);
    const mine = (await call('GET', `/api/placements/${group}/agreements`, anna)).json();
    expect(mine.agreements.map((a: { learner: { name: string } }) => a.learner.name)).toEqual([
      'Anna Bērziņa',
    ]);
    expect(mine.withoutAgreement).toEqual([]);
    // The foreign host's representative is written to in English.
    const mail = await t.deps.db
      .selectFrom('mail_messages')
      .select(['locale', 'subject'])
      .where('to_address', '=', 'hans@example.de')
      .execute();
    expect(mail).toHaveLength(2);
    expect(mail[0]).toMatchObject({
      locale: 'en',
      subject: 'Please sign: Learning agreement (Anna Bērziņa)',
    });
  });
});

describe('two clicks on one signing link', () => {
  it('records one signature: the second click is told the link is used', async () => {
    const token = (await linkFromOutbox(t, 'hans@example.de')).searchParams.get('token')!;
    const view = (await call('GET', `/api/agreement-links?token=${token}`)).json();
    const body = { token, contentHash: view.contentHash, name: 'Hans Müller', consent: true };
    const [a, b] = await Promise.all([
      call('POST', '/api/agreement-links/sign', undefined, body),
      call('POST', '/api/agreement-links/sign', undefined, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    const host = await t.deps.db
      .selectFrom('agreement_signatures')
      .select(['signed_name'])
      .where('party', '=', 'host')
      .where('signed_email', '=', 'hans@example.de')
      .execute();
    expect(host).toEqual([{ signed_name: 'Hans Müller' }]);
  });
});

describe('group documents', () => {
  const pdfText = async (url: string, cookie: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    return {
      status: res.statusCode,
      text:
        res.statusCode === 200
          ? (await readPdf(res.rawPayload)).pages.join(' ').replace(/\s+/g, ' ')
          : res.body,
    };
  };

  it('prints the group learning programme with every learner, for the staff and the group’s learners', async () => {
    const staff = await pdfText(`/api/placements/${group}/documents/group_programme`, coordinator);
    expect(staff.status).toBe(200);
    expect(staff.text).toContain('Grupas mācību programma');
    expect(staff.text).toContain('Anna Bērziņa, Kārlis Ozols, Līga Ūdre');
    expect(staff.text).toContain('darbs ražošanas cehā');
    const anna = await t.signIn(groupLearners[0]!.email);
    expect(
      (await pdfText(`/api/placements/${group}/documents/group_programme?lang=en`, anna)).text,
    ).toContain('Group learning programme');
    const single = await pdfText(`/api/placements/${internship}/documents/group_programme`, coordinator);
    expect(single.status).toBe(409);
  });

  it('certifies the accompanying person once the mobility is completed, and nobody else', async () => {
    const url = `/api/placements/${group}/documents/accompanying?userId=${w.users.teacher.id}`;
    expect((await pdfText(url, coordinator)).status).toBe(409);
    await t.deps.db.updateTable('placements').set({ status: 'completed' }).where('id', '=', group).execute();
    const done = await pdfText(url, teacher);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Apliecinājums pavadošajai personai');
    expect(done.text).toContain(
      'Ēriks Žubīts-teacher kā pavadošā persona visu mobilitātes laiku pavadīja 3 audzēkņu grupu',
    );
    const notOne = await pdfText(
      `/api/placements/${group}/documents/accompanying?userId=${groupLearners[0]!.id}`,
      coordinator,
    );
    expect(notOne.status).toBe(409);
    await t.deps.db.updateTable('placements').set({ status: 'draft' }).where('id', '=', group).execute();
  });
});

describe('assessment, validation and recognition', () => {
  let token: string;

  it('starts the placement, and mails the supervisor a reusable link to the mid-term evaluation', async () => {
    expect(
      (await call('POST', `/api/placements/${internship}/status`, coordinator, { to: 'in_progress' })).status,
    ).toBe(200);
    const res = await call('POST', `/api/placements/${internship}/assessment-links`, teacher, {
      stage: 'mid_term',
    });
    expect(res.status).toBe(200);
    const link = await linkFromOutbox(t, w.users.supervisor.email);
    expect(link.pathname).toBe('/assessment');
    token = link.searchParams.get('token')!;
    const view = (await call('GET', `/api/assessment-links?token=${token}`)).json();
    expect(view.stage).toBe('mid_term');
    expect(view.learners).toHaveLength(1);
    // Version 2 took the third outcome of M1 out: only the agreed outcomes are assessed.
    expect(
      view.learners[0].units.flatMap((u: { outcomes: { id: string }[] }) => u.outcomes.map((o) => o.id)),
    ).toEqual([units.outcomes[0], units.outcomes[1], units.outcomes[3]]);
  });

  it('refuses an outcome that is not in the agreement, a grade off the scale, and an incomplete submission', async () => {
    const put = (body: Record<string, unknown>) =>
      call('PUT', `/api/assessment-links/agreements/${id}`, undefined, { token, ...body });
    const wrong = await put({ outcomes: [{ outcomeId: units.outcomes[2], result: 'achieved', grade: '8' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.fields['outcomes.0.outcomeId']).toBe(
      'Šis mācīšanās rezultāts nav parakstītajā līgumā: vērtē tikai līgumā noteiktos rezultātus.',
    );
    const grade = await put({
      outcomes: [{ outcomeId: units.outcomes[0], result: 'achieved', grade: '11' }],
    });
    expect(grade.json().error.fields['outcomes.0.grade']).toBe(
      'Vērtējums: vesels skaitlis no 1 līdz 10, kā noteikts līgumā.',
    );
    const partial = await put({
      outcomes: [{ outcomeId: units.outcomes[0], result: 'achieved', grade: '8' }],
      submit: false,
    });
    expect(partial.status).toBe(200);
    const incomplete = await put({
      outcomes: [{ outcomeId: units.outcomes[0], result: 'achieved', grade: '8' }],
      submit: true,
    });
    expect(incomplete.json().error.fields.outcomes).toBe(
      'Nav novērtēti visi līgumā noteiktie rezultāti (trūkst 2).',
    );
  });

  it('locks a submitted evaluation; only the school reopens it, audited, with a new link', async () => {
    const outcomes = [units.outcomes[0], units.outcomes[1], units.outcomes[3]].map((o, i) => ({
      outcomeId: o,
      result: i === 1 ? 'partly' : 'achieved',
      grade: String(7 + i),
      comment: 'Strādā rūpīgi',
    }));
    const done = await call('PUT', `/api/assessment-links/agreements/${id}`, undefined, {
      token,
      outcomes,
      submit: true,
    });
    expect(done.status).toBe(200);
    expect(done.json().learners[0].assessment).toMatchObject({
      status: 'submitted',
      assessorName: 'Ilze Kalna',
    });
    const late = await call('PUT', `/api/assessment-links/agreements/${id}`, undefined, {
      token,
      outcomes,
      submit: true,
    });
    expect(late.status).toBe(409);
    expect(late.json().error.fields.assessment).toMatch(/iesniegts un ir slēgts/);
    const mails = async () =>
      (
        await t.deps.db
          .selectFrom('mail_messages')
          .select('id')
          .where('to_address', '=', w.users.supervisor.email)
          .execute()
      ).length;
    const before = await mails();
    const reopened = await call('POST', `/api/agreements/${id}/assessments/mid_term/reopen`, coordinator, {
      reason: 'Kļūda vērtējumā',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.json().stages[0].status).toBe('open');
    expect(await mails()).toBe(before + 1);
    const again = await call('PUT', `/api/assessment-links/agreements/${id}`, undefined, {
      token,
      outcomes,
      submit: true,
    });
    expect(again.status).toBe(200);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'assessment.reopened')
      .execute();
    expect(audit[0]!.after).toMatchObject({ stage: 'mid_term', reason: 'Kļūda vērtējumā' });
  });

  it('takes the final evaluation with a characterisation, validated by the teacher', async () => {
    await call('POST', `/api/placements/${internship}/assessment-links`, coordinator, { stage: 'final' });
    const final = (await linkFromOutbox(t, w.users.supervisor.email)).searchParams.get('token')!;
    const outcomes = [units.outcomes[0], units.outcomes[1], units.outcomes[3]].map((o) => ({
      outcomeId: o,
      result: 'achieved',
      grade: '9',
    }));
    const noText = await call('PUT', `/api/assessment-links/agreements/${id}`, undefined, {
      token: final,
      outcomes,
      submit: true,
    });
    expect(noText.json().error.fields.characterisation).toBe(
      'Noslēguma vērtējumam vajag audzēkņa raksturojumu.',
    );
    const ok = await call('PUT', `/api/assessment-links/agreements/${id}`, undefined, {
      token: final,
      outcomes,
      characterisation: 'Ģirts ir precīzs, zinātkārs un labi strādā komandā.',
      submit: true,
    });
    expect(ok.status).toBe(200);
    const early = await call('POST', `/api/agreements/${id}/recognition`, coordinator, {
      units: [],
      grade: '9',
    });
    expect(early.json().error.fields.placement).toBe(
      'Atzīt var tikai pabeigtu mobilitāti (tagad statusā “notiek”).',
    );
    const valid = await call('POST', `/api/agreements/${id}/assessments/final/validate`, teacher, {
      comment: 'Atbilst',
    });
    expect(valid.status).toBe(200);
    expect(valid.json().stages.find((s: { stage: string }) => s.stage === 'final')).toMatchObject({
      status: 'validated',
      validatedBy: 'Ēriks Žubīts-teacher',
    });
  });

  it('records the recognition, the only way the placement becomes recognised, every step audited', async () => {
    const manual = await call('POST', `/api/placements/${internship}/status`, coordinator, {
      to: 'completed',
    });
    expect(manual.json().allowedTransitions).toEqual(['closed']);
    expect(
      (await call('POST', `/api/placements/${internship}/status`, coordinator, { to: 'recognised' })).status,
    ).toBe(409);
    const missing = await call('POST', `/api/agreements/${id}/recognition`, coordinator, {
      units: [{ unitId: units.m1, recognised: true, creditPoints: 4, grade: '9' }],
      grade: '9',
    });
    expect(missing.json().error.fields.units).toBe('Norādiet lēmumu par katru līgumā iekļauto vienību.');
    expect((await call('POST', `/api/agreements/${id}/recognition`, teacher, { units: [] })).status).toBe(
      403,
    );
    const res = await call('POST', `/api/agreements/${id}/recognition`, coordinator, {
      units: [
        { unitId: units.m1, recognised: true, creditPoints: 4, grade: '9' },
        { unitId: units.m2, recognised: true, creditPoints: 3, grade: '8' },
      ],
      grade: '9',
      comment: 'Atzīts programmas B daļā',
    });
    expect(res.status).toBe(200);
    expect(
      res.json().recognition.units.map((u: { code: string; grade: string }) => [u.code, u.grade]),
    ).toEqual([
      ['M1', '9'],
      ['M2', '8'],
    ]);
    const placement = (await call('GET', `/api/placements/${internship}`, coordinator)).json();
    expect(placement.status).toBe('recognised');
    expect(placement.history.at(-1)).toMatchObject({ from: 'completed', to: 'recognised' });
    const actions = (
      await t.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'assessment.%')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['assessment.link_sent', 'assessment.submitted', 'assessment.validated']),
    );
    const recognised = await inSchool(t.deps.db, w.schoolA.id, (trx) =>
      recognisedOutcomes(trx, internship, learner.id),
    );
    expect(recognised?.units.map((u) => [u.code, u.creditPoints, u.outcomes.map((o) => o.result)])).toEqual([
      ['M1', 4, ['achieved', 'achieved']],
      ['M2', 3, ['achieved']],
    ]);
    expect(recognised?.grade).toBe('9');
  });

  it('issues a micro-credential for what was recognised, once, and it verifies', async () => {
    const admin = await t.signIn(w.users.admin.email);
    const template = await createTemplate(t, admin);
    const other = await call('POST', `/api/placements/${group}/credentials`, coordinator, {
      learnerId: groupLearners[0]!.id,
      templateId: template.id,
    });
    expect(other.status).toBe(409);
    expect(other.json().error.fields.learnerId).toMatch(/vēl nav atzītu mācīšanās rezultātu/);
    const res = await call('POST', `/api/placements/${internship}/credentials`, coordinator, {
      learnerId: learner.id,
      templateId: template.id,
    });
    expect(res.status, res.body).toBe(200);
    const stored = await t.deps.db
      .selectFrom('credentials')
      .select(['source', 'source_id', 'grade', 'learner_id'])
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      source: 'placement',
      source_id: internship,
      grade: '9',
      learner_id: learner.id,
    });
    const again = await call('POST', `/api/placements/${internship}/credentials`, coordinator, {
      learnerId: learner.id,
      templateId: template.id,
    });
    expect(again.json().error.fields.templateId).toMatch(/jau ir izsniegts/);
    const document = await download(t, learner.cookie, res.json().id);
    expect(JSON.stringify(document.evidence)).toContain('M1');
    expect(document.credentialSubject.result[0].value).toBe('9');
    const verified = await verifyOverHttp(t, document);
    expect(verified.result.verified).toBe(true);
  });

  it('gives the documents after: transcript, Europass Mobility-style record, certificates', async () => {
    const doc = async (name: string, cookie: string, query = '') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/placements/${internship}/documents/${name}?${query}`,
        headers: { cookie },
      });
      return {
        status: res.statusCode,
        text: res.statusCode === 200 ? (await readPdf(res.rawPayload)).pages.join('\n') : res.body,
      };
    };
    const transcript = await doc('transcript', learner.cookie);
    expect(transcript.status).toBe(200);
    expect(transcript.text).toContain('Sekmju izraksts');
    expect(transcript.text).toContain('M1 Datortīklu ierīkošana');
    const europass = await doc('europass', coordinator, `userId=${learner.id}&lang=en`);
    expect(europass.text).toContain('Europass Mobility');
    expect(europass.text).toContain('Ģirts ir precīzs, zinātkārs');
    expect(europass.text).toContain('Ilze Kalna');
    const attendance = await doc('attendance', coordinator, `userId=${learner.id}`);
    expect(attendance.text).toContain('Ģirts Šņore piedalījās mobilitātē');
    const anna = await t.signIn(groupLearners[0]!.email);
    expect((await doc('transcript', anna, `userId=${learner.id}`)).status).toBe(404);
    const notYet = await doc('accompanying', coordinator, `userId=${w.users.teacher.id}`);
    expect(notYet.status).toBe(409);
  });
});

describe('who sees agreements', () => {
  it('gives a supervisor of another placement, a learner of another and another school nothing', async () => {
    const stranger = await createUser(t.deps.db, {
      email: 'cits.vaditajs@a.test',
      givenName: 'Cits',
      familyName: 'Vadītājs',
      password: PASSWORD,
      schoolId: w.schoolA.id,
      role: 'supervisor',
    });
    const cookies = [
      await t.signIn(stranger.email),
      await t.signIn(groupLearners[0]!.email),
      await t.signIn(w.otherAdmin.email),
    ];
    for (const cookie of cookies) {
      for (const url of [
        `/api/agreements/${id}`,
        `/api/agreements/${id}/versions/1`,
        `/api/agreements/${id}/assessments`,
        `/api/agreements/${id}/versions/1/pdf`,
      ]) {
        const res = await call('GET', url, cookie);
        expect(res.status, url).toBe(404);
        expect(res.body).not.toContain('Šņore');
      }
    }
    expect((await call('GET', `/api/placements/${internship}/agreements`, cookies[0])).status).toBe(404);
    // The placement's own supervisor reads it.
    const own = await t.signIn(w.users.supervisor.email);
    expect((await call('GET', `/api/agreements/${id}`, own)).status).toBe(200);
    expect((await call('GET', `/api/agreements/${id}/assessments`, own)).json().stages).toHaveLength(2);
  });
});
