import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMobilityRules, createPartner, createProject, createUser } from '../src/demo/factories.ts';
import { createTestTilts, createWorld, PASSWORD, type TestTilts, type World } from './support/harness.ts';

// The clock of these tests starts on 1 March 2026 and moves past the deadline (15 March) later on.
let now = new Date('2026-03-01T09:00:00Z');

let t: TestTilts;
let w: World;
let coordinator: string;
let teacher: string;
let project: { id: string };
let hostDe: string;
let hostEe: string;
const learners: Record<'anna' | 'karlis' | 'girts' | 'eriks', { id: string; email: string; cookie: string }> =
  {} as never;

beforeAll(async () => {
  t = await createTestTilts({}, { now: () => now });
  w = await createWorld(t);
  const db = t.deps.db;
  await createMobilityRules(db, w.schoolA.id, [2026]);
  project = await createProject(db, {
    schoolId: w.schoolA.id,
    callYear: 2026,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    number: '2026-1-LV01-KA121-VET-000777',
  });
  hostDe = (
    await createPartner(db, {
      school_id: w.schoolA.id,
      kind: 'company',
      legal_name: 'Müller Maschinenbau GmbH',
      country: 'DE',
      city: 'Dresden',
    })
  ).id;
  hostEe = (
    await createPartner(db, {
      school_id: w.schoolA.id,
      kind: 'school',
      legal_name: 'Tallinna Tööstushariduskeskus',
      country: 'EE',
      city: 'Tallinn',
    })
  ).id;
  const people = [
    ['anna', 'Anna', 'Bērziņa', 'lv'],
    ['karlis', 'Kārlis', 'Ozols', 'en'],
    ['girts', 'Ģirts', 'Šņore', 'lv'],
  ] as const;
  for (const [key, given, family, locale] of people) {
    const u = await createUser(db, {
      email: `${key}@a.test`,
      givenName: given,
      familyName: family,
      password: PASSWORD,
      schoolId: w.schoolA.id,
      role: 'learner',
      locale,
    });
    learners[key] = { ...u, cookie: await t.signIn(u.email) };
  }
  // The world's own learner: Ēriks Žubīts-learner.
  learners.eriks = { ...w.users.learner, cookie: await t.signIn(w.users.learner.email) };
  coordinator = await t.signIn('coordinator@a.test');
  teacher = await t.signIn('teacher@a.test');
});
afterAll(() => t?.close());

const callBody = (overrides: Record<string, unknown> = {}) => ({
  projectId: project.id,
  title: 'Prakse Vācijā un Igaunijā 2026',
  description: 'Divu nedēļu prakse metālapstrādes uzņēmumos.',
  criteriaText: 'Var pieteikties 2. un 3. kursa audzēkņi.',
  places: 2,
  opensOn: '2026-03-01',
  deadline: '2026-03-15',
  criteria: [
    { key: 'preparation', weight: 2 },
    { key: 'social', weight: 1 },
    { key: 'individual', weight: 1 },
    { key: 'language', weight: 1 },
  ],
  destinations: [
    { country: 'DE', city: 'Dresden', hostPartnerId: hostDe, places: 2 },
    { country: 'EE', city: 'Tallinn', hostPartnerId: hostEe, places: 1 },
  ],
  ...overrides,
});

const application = (destinations: string[], overrides: Record<string, unknown> = {}) => ({
  motivation: 'Vēlos apgūt CNC darbgaldu programmēšanu un iepazīt citu valsti.',
  languages: [
    { language: 'angļu', level: 'B2' },
    { language: 'vācu', level: 'A2' },
  ],
  destinations,
  dataConsent: true,
  photoConsent: false,
  ...overrides,
});

async function mail(to: string) {
  return t.deps.db
    .selectFrom('mail_messages')
    .select(['subject', 'text_body', 'locale', 'template'])
    .where('to_address', '=', to)
    .execute();
}

describe('a call for applications, from opening to placements', () => {
  let callId: string;
  let dresden: string;
  let tallinn: string;
  const apps: Record<string, string> = {};

  it('is created as a draft with the four named criteria, which learners cannot see', async () => {
    const res = await t.request('POST', '/api/calls', {
      cookie: coordinator,
      body: { ...callBody(), criteria: undefined },
    });
    expect(res.status).toBe(200);
    const call = res.json();
    callId = call.id;
    expect(call).toMatchObject({ status: 'draft', places: 2, acceptingApplications: false, canManage: true });
    expect(call.criteria).toEqual([
      { key: 'preparation', label: '', weight: 1 },
      { key: 'social', label: '', weight: 1 },
      { key: 'individual', label: '', weight: 1 },
      { key: 'language', label: '', weight: 1 },
    ]);
    expect(call.destinations.map((d: { city: string; hostName: string }) => [d.city, d.hostName])).toEqual([
      ['Dresden', 'Müller Maschinenbau GmbH'],
      ['Tallinn', 'Tallinna Tööstushariduskeskus'],
    ]);
    [dresden, tallinn] = call.destinations.map((d: { id: string }) => d.id);
    expect((await t.request('GET', '/api/calls', { cookie: learners.anna.cookie })).json().items).toEqual([]);
    expect((await t.request('GET', `/api/calls/${callId}`, { cookie: learners.anna.cookie })).status).toBe(
      404,
    );
    const apply = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.anna.cookie,
      body: application([dresden]),
    });
    expect(apply.status).toBe(404);
  });

  it('takes its weights from an edit, which keeps the destinations that exist', async () => {
    const current = (await t.request('GET', `/api/calls/${callId}`, { cookie: coordinator })).json();
    const body = callBody({
      destinations: [
        { id: dresden, country: 'DE', city: 'Dresden', hostPartnerId: hostDe, places: 2 },
        { id: tallinn, country: 'EE', city: 'Tallinn', hostPartnerId: hostEe, places: 1 },
      ],
    });
    const res = await t.request('PUT', `/api/calls/${callId}`, {
      cookie: coordinator,
      body: { lockVersion: current.lockVersion, call: body },
    });
    expect(res.status).toBe(200);
    expect(res.json().criteria.map((c: { weight: number }) => c.weight)).toEqual([2, 1, 1, 1]);
    expect(res.json().destinations.map((d: { id: string }) => d.id)).toEqual([dresden, tallinn]);
    const stale = await t.request('PUT', `/api/calls/${callId}`, {
      cookie: coordinator,
      body: { lockVersion: current.lockVersion, call: body },
    });
    expect(stale.status).toBe(409);
  });

  it('opens, and learners see it in their list and can read it', async () => {
    const res = await t.request('POST', `/api/calls/${callId}/status`, {
      cookie: coordinator,
      body: { to: 'open' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'open', acceptingApplications: true });
    const list = (await t.request('GET', '/api/calls', { cookie: learners.anna.cookie })).json();
    expect(list.items).toMatchObject([
      { id: callId, applications: null, myApplicationId: null, destinations: ['Dresden, DE', 'Tallinn, EE'] },
    ]);
    const detail = (await t.request('GET', `/api/calls/${callId}`, { cookie: learners.anna.cookie })).json();
    expect(detail).toMatchObject({ counts: null, canManage: false });
  });

  it('takes one application from each of four learners, and refuses a second one naming the call', async () => {
    const prefs = {
      anna: [dresden, tallinn],
      karlis: [dresden],
      girts: [tallinn, dresden],
      eriks: [dresden],
    } as const;
    for (const key of ['anna', 'karlis', 'girts', 'eriks'] as const) {
      const res = await t.request('POST', `/api/calls/${callId}/applications`, {
        cookie: learners[key].cookie,
        body: application([...prefs[key]]),
      });
      expect(res.status, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'submitted', editable: true, interview: null });
      apps[key] = res.json().id;
    }
    const twice = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.anna.cookie,
      body: application([dresden]),
    });
    expect(twice.status).toBe(409);
    expect(twice.json().error.fields.call).toBe(
      'Jūsu pieteikums šim konkursam jau ir iesniegts; varat to labot.',
    );
    const counts = (await t.request('GET', `/api/calls/${callId}`, { cookie: coordinator })).json().counts;
    expect(counts).toMatchObject({ applications: 4, interviewed: 0 });
  });

  it('lets a learner change and withdraw before the deadline, and apply again', async () => {
    const edit = await t.request('PUT', `/api/applications/${apps.girts}`, {
      cookie: learners.girts.cookie,
      body: application([tallinn], { languages: [{ language: 'igauņu', level: 'a1' }] }),
    });
    expect(edit.status).toBe(200);
    expect(edit.json().languages).toEqual([{ language: 'igauņu', level: 'A1' }]);
    expect(edit.json().destinations.map((d: { id: string }) => d.id)).toEqual([tallinn]);
    const withdraw = await t.request('POST', `/api/applications/${apps.girts}/withdraw`, {
      cookie: learners.girts.cookie,
    });
    expect(withdraw.json().status).toBe('withdrawn');
    const again = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.girts.cookie,
      body: application([tallinn, dresden]),
    });
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ id: apps.girts, status: 'submitted' });
  });

  it('never shows a learner another learner’s application', async () => {
    const other = learners.eriks.cookie;
    expect((await t.request('GET', `/api/applications/${apps.anna}`, { cookie: other })).status).toBe(404);
    expect(
      (
        await t.request('PUT', `/api/applications/${apps.anna}`, {
          cookie: other,
          body: application([dresden]),
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.request('POST', `/api/applications/${apps.anna}/withdraw`, { cookie: other })).status,
    ).toBe(404);
    expect((await t.request('GET', `/api/calls/${callId}/applications`, { cookie: other })).status).toBe(403);
    expect((await t.request('GET', `/api/calls/${callId}/ranking`, { cookie: other })).status).toBe(403);
    const mine = (await t.request('GET', '/api/applications/mine', { cookie: other })).json();
    expect(mine.map((a: { id: string }) => a.id)).toEqual([apps.eriks]);
    // Another school's admin does not find the call at all.
    const outsider = await t.signIn(w.otherAdmin.email);
    expect((await t.request('GET', `/api/calls/${callId}`, { cookie: outsider })).status).toBe(404);
    expect((await t.request('GET', `/api/applications/${apps.anna}`, { cookie: outsider })).status).toBe(404);
  });

  it('records an interview per candidate, scores 0–10 on every criterion; a teacher may do it', async () => {
    const scores: Record<string, number[]> = {
      anna: [9, 8, 8, 7], // (18 + 23) / 5 = 8.2
      karlis: [8, 9, 9, 9], // (16 + 27) / 5 = 8.6
      girts: [7, 7, 7, 7], // 35 / 5 = 7.0
      eriks: [8, 6, 6, 7], // 35 / 5 = 7.0, ahead of Ģirts on prior preparation
    };
    for (const [key, [preparation, social, individual, language]] of Object.entries(scores)) {
      const res = await t.request('PUT', `/api/applications/${apps[key]}/interview`, {
        cookie: key === 'anna' ? coordinator : teacher,
        body: {
          date: '2026-03-10',
          scores: { preparation, social, individual, language },
          notes: 'Pārliecinoša motivācija.',
        },
      });
      expect(res.status, res.body).toBe(200);
    }
    const detail = (await t.request('GET', `/api/applications/${apps.eriks}`, { cookie: teacher })).json();
    expect(detail.interview).toMatchObject({
      date: '2026-03-10',
      interviewerName: 'Ēriks Žubīts-teacher',
      scores: { preparation: 8, social: 6, individual: 6, language: 7 },
    });
    // The learner reads their application, never the interview.
    const own = (
      await t.request('GET', `/api/applications/${apps.eriks}`, { cookie: learners.eriks.cookie })
    ).json();
    expect(own.interview).toBeNull();
  });

  it('ranks by the weighted total and shows how a tie was broken', async () => {
    const res = await t.request('GET', `/api/calls/${callId}/ranking`, { cookie: teacher });
    expect(res.status).toBe(200);
    const items = res.json().items;
    expect(
      items.map((a: { learnerName: string; total: number; rank: number }) => [
        a.learnerName,
        a.total,
        a.rank,
      ]),
    ).toEqual([
      ['Kārlis Ozols', 8.6, 1],
      ['Anna Bērziņa', 8.2, 2],
      ['Ēriks Žubīts-learner', 7, 3],
      ['Ģirts Šņore', 7, 4],
    ]);
    expect(items[2].tiedWith).toEqual(['Ģirts Šņore']);
    expect(items[2].tieBreak).toEqual({
      aheadOf: 'Ģirts Šņore',
      by: 'criterion',
      criterion: 'preparation',
      mine: 8,
      theirs: 7,
    });
    const page = (
      await t.request('GET', `/api/calls/${callId}/applications?sort=name&pageSize=2&q=berzina`, {
        cookie: coordinator,
      })
    ).json();
    expect(page).toMatchObject({ total: 1, items: [{ learnerName: 'Anna Bērziņa', rank: 2 }] });
    const csv = await t.request('GET', `/api/calls/${callId}/applications.csv`, { cookie: coordinator });
    expect(csv.body.split('\r\n')[1]).toBe(
      '1,Kārlis Ozols,karlis@a.test,submitted,,2026-03-01T09:00:00.000Z,"angļu B2; vācu A2",8,9,9,9,8.6',
    );
  });

  it('selects up to the places, keeps a reserve in order, and marks the rest not selected', async () => {
    const over = await t.request('PUT', `/api/calls/${callId}/selection`, {
      cookie: coordinator,
      body: {
        selected: [
          { applicationId: apps.karlis, destinationId: dresden },
          { applicationId: apps.anna, destinationId: dresden },
          { applicationId: apps.eriks, destinationId: tallinn },
        ],
        reserve: [],
        notSelected: [],
      },
    });
    expect(over.status).toBe(400);
    expect(over.json().error.fields.selected).toBe(
      'Konkursā vietu skaits: 2, bet atlasīti 3. Atlasiet ne vairāk kā 2.',
    );
    const tallinnFull = await t.request('PUT', `/api/calls/${callId}/selection`, {
      cookie: coordinator,
      body: {
        selected: [
          { applicationId: apps.karlis, destinationId: tallinn },
          { applicationId: apps.anna, destinationId: tallinn },
        ],
        reserve: [],
        notSelected: [],
      },
    });
    expect(tallinnFull.status).toBe(400);
    expect(tallinnFull.json().error.fields.selected).toBe(
      'Galamērķī Tallinn, EE vietu skaits: 1, bet norīkoti 2.',
    );
    const res = await t.request('PUT', `/api/calls/${callId}/selection`, {
      cookie: coordinator,
      body: {
        selected: [
          { applicationId: apps.karlis, destinationId: dresden },
          { applicationId: apps.anna, destinationId: dresden },
        ],
        reserve: [apps.eriks],
        notSelected: [apps.girts],
      },
    });
    expect(res.status, res.body).toBe(200);
    expect(
      res
        .json()
        .items.map((a: { learnerName: string; status: string; reserveRank: number | null }) => [
          a.learnerName,
          a.status,
          a.reserveRank,
        ]),
    ).toEqual([
      ['Kārlis Ozols', 'selected', null],
      ['Anna Bērziņa', 'selected', null],
      ['Ēriks Žubīts-learner', 'reserve', 1],
      ['Ģirts Šņore', 'not_selected', null],
    ]);
    // The places already taken bound an edit of the call.
    const current = (await t.request('GET', `/api/calls/${callId}`, { cookie: coordinator })).json();
    const shrink = await t.request('PUT', `/api/calls/${callId}`, {
      cookie: coordinator,
      body: {
        lockVersion: current.lockVersion,
        call: callBody({
          places: 1,
          destinations: [
            { id: dresden, country: 'DE', city: 'Dresden', hostPartnerId: hostDe, places: 1 },
            { id: tallinn, country: 'EE', city: 'Tallinn', hostPartnerId: hostEe, places: 1 },
          ],
        }),
      },
    });
    expect(shrink.status).toBe(400);
    expect(shrink.json().error.fields).toEqual({
      places: 'Konkursā vietu skaits: 1, bet atlasīti 2. Atlasiet ne vairāk kā 1.',
      'destinations.0.places': 'Galamērķī Dresden, DE vietu skaits: 1, bet norīkoti 2.',
    });
    // Learners learn nothing before the decision.
    const mine = (await t.request('GET', '/api/applications/mine', { cookie: learners.girts.cookie })).json();
    expect(mine).toMatchObject([{ status: 'submitted', reservePosition: null, destination: null }]);
    expect(await mail(learners.anna.email)).toEqual([]);
  });

  it('a teacher reads but does not select or decide', async () => {
    expect(
      (
        await t.request('PUT', `/api/calls/${callId}/selection`, {
          cookie: teacher,
          body: { selected: [], reserve: [], notSelected: [] },
        })
      ).status,
    ).toBe(403);
    expect((await t.request('POST', `/api/calls/${callId}/decide`, { cookie: teacher })).status).toBe(403);
    expect((await t.request('GET', `/api/calls/${callId}/applications`, { cookie: teacher })).status).toBe(
      200,
    );
  });

  it('takes applications until the end of the deadline day in Riga, then refuses them with the date', async () => {
    const late = await createUser(t.deps.db, {
      email: 'late@a.test',
      givenName: 'Līga',
      familyName: 'Krūmiņa',
      password: PASSWORD,
      schoolId: w.schoolA.id,
      role: 'learner',
    });
    const cookie = await t.signIn(late.email);
    now = new Date('2026-03-15T22:00:00Z'); // 00:00 on 16 March in Riga
    const res = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie,
      body: application([dresden]),
    });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.deadline).toBe(
      'Pieteikšanās termiņš bija 15.03.2026; pieteikumus vairs nepieņem un nemaina.',
    );
    const en = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie,
      body: application([dresden]),
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.fields.deadline).toBe(
      'The deadline was 15/03/2026; applications can no longer be made or changed.',
    );
    const edit = await t.request('PUT', `/api/applications/${apps.anna}`, {
      cookie: learners.anna.cookie,
      body: application([dresden]),
    });
    expect(edit.status).toBe(409);
    now = new Date('2026-03-15T21:59:00Z'); // 23:59 on 15 March in Riga
    const inTime = await t.request('PUT', `/api/applications/${apps.anna}`, {
      cookie: learners.anna.cookie,
      body: application([dresden, tallinn]),
    });
    expect(inTime.status).toBe(200);
    const early = await t.request('POST', `/api/calls/${callId}/decide`, { cookie: coordinator });
    expect(early.status).toBe(409);
    expect(early.json().error.fields.status).toBe(
      'Pieteikumus pieņem līdz 15.03.2026. Lai lemtu agrāk, vispirms slēdziet konkursu.',
    );
    now = new Date('2026-03-16T09:00:00Z');
  });

  it('decides, and e-mails each applicant the outcome in their own language', async () => {
    const res = await t.request('POST', `/api/calls/${callId}/decide`, { cookie: coordinator });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'decided',
      counts: { selected: 2, reserve: 1, notSelected: 1 },
    });

    const [anna] = await mail(learners.anna.email);
    expect(anna).toMatchObject({ locale: 'lv', template: 'call_outcome_selected' });
    expect(anna!.subject).toBe('Konkursa „Prakse Vācijā un Igaunijā 2026” rezultāts');
    expect(anna!.text_body).toContain('Labdien, Anna Bērziņa!');
    expect(anna!.text_body).toContain('Galamērķis: Dresden, Vācija (Müller Maschinenbau GmbH).');
    expect(anna!.text_body).toContain(`http://tilts.test/calls/${callId}`);

    const [karlis] = await mail(learners.karlis.email);
    expect(karlis).toMatchObject({ locale: 'en', template: 'call_outcome_selected' });
    expect(karlis!.subject).toBe('Outcome of the call “Prakse Vācijā un Igaunijā 2026”');
    expect(karlis!.text_body).toContain('Destination: Dresden, Germany (Müller Maschinenbau GmbH).');

    const [eriks] = await mail(learners.eriks.email);
    expect(eriks).toMatchObject({ locale: 'lv', template: 'call_outcome_reserve' });
    expect(eriks!.text_body).toContain('Jūs esat rezerves sarakstā, jūsu kārtas numurs: 1.');

    const [girts] = await mail(learners.girts.email);
    expect(girts).toMatchObject({ locale: 'lv', template: 'call_outcome_not_selected' });
    expect(girts!.text_body).toContain('Šoreiz jums vieta netika piešķirta.');

    // The coordinator reads the letters their decision sent.
    const outbox = (await t.request('GET', '/api/admin/outbox?pageSize=50', { cookie: coordinator })).json();
    expect(outbox.total).toBe(4);

    const mine = (await t.request('GET', '/api/applications/mine', { cookie: learners.eriks.cookie })).json();
    expect(mine).toMatchObject([{ status: 'reserve', reservePosition: 1, editable: false }]);
    const annas = (await t.request('GET', '/api/applications/mine', { cookie: learners.anna.cookie })).json();
    expect(annas).toMatchObject([{ status: 'selected', destination: 'Dresden, DE' }]);

    const again = await t.request('PUT', `/api/calls/${callId}/selection`, {
      cookie: coordinator,
      body: { selected: [], reserve: [], notSelected: [] },
    });
    expect(again.status).toBe(409);
    expect(again.json().error.fields.status).toBe('Konkurss jau ir izlemts; atlasi vairs nevar mainīt.');
  });

  let teamId: string;

  it('forms a team of the selected learners for their destination and host', async () => {
    const wrong = await t.request('POST', `/api/calls/${callId}/teams`, {
      cookie: coordinator,
      body: { destinationId: dresden, members: [apps.karlis, apps.eriks] },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.fields.members).toBe(
      'Komandā var būt tikai atlasītie pretendenti; Ēriks Žubīts-learner nav starp tiem.',
    );
    const res = await t.request('POST', `/api/calls/${callId}/teams`, {
      cookie: coordinator,
      body: { destinationId: dresden, name: 'Drēzdene', members: [apps.karlis, apps.anna] },
    });
    expect(res.status, res.body).toBe(200);
    const [team] = res.json();
    teamId = team.id;
    expect(team).toMatchObject({ name: 'Drēzdene', hostName: 'Müller Maschinenbau GmbH' });
    expect(team.members.map((m: { learnerName: string }) => m.learnerName)).toEqual([
      'Anna Bērziņa',
      'Kārlis Ozols',
    ]);
  });

  it('refuses a 9-day placement per learner with the Erasmus+ rule, and makes nothing', async () => {
    const res = await t.request('POST', `/api/calls/${callId}/teams/${teamId}/placements`, {
      cookie: coordinator,
      body: { mode: 'individual', startDate: '2026-06-01', endDate: '2026-06-09' },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.endDate).toBe(
      'Īstermiņa audzēkņu mobilitāte: 10–89 dienas, ceļa dienas neskaitot (norādītas 9).',
    );
    expect(await t.deps.db.selectFrom('placements').select('id').execute()).toEqual([]);
    const alone = await t.request('POST', `/api/calls/${callId}/teams/${teamId}/placements`, {
      cookie: coordinator,
      body: { mode: 'group', startDate: '2026-06-01', endDate: '2026-06-09' },
    });
    expect(alone.json().error.fields.accompanying).toMatch(/Norādiet pavadošo personu/);
  });

  it('makes a group mobility for the team with the accompanying teacher, carrying the call', async () => {
    const res = await t.request('POST', `/api/calls/${callId}/teams/${teamId}/placements`, {
      cookie: coordinator,
      body: {
        mode: 'group',
        startDate: '2026-06-01',
        endDate: '2026-06-09',
        travelDays: 2,
        accompanying: [w.users.teacher.id],
      },
    });
    expect(res.status, res.body).toBe(200);
    const [made] = res.json().placements;
    const placement = await t.deps.db
      .selectFrom('placements')
      .select(['call_id', 'activity_type', 'project_id', 'host_partner_id', 'destination_city', 'title'])
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(placement).toEqual({
      call_id: callId,
      activity_type: 'group_mobility',
      project_id: project.id,
      host_partner_id: hostDe,
      destination_city: 'Dresden',
      title: 'Drēzdene',
    });
    const roles = await t.deps.db
      .selectFrom('placement_participants')
      .select(['user_id', 'role'])
      .where('placement_id', '=', made.id)
      .orderBy('role')
      .execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['accompanying', 'learner', 'learner']);
    const annas = (await t.request('GET', '/api/applications/mine', { cookie: learners.anna.cookie })).json();
    expect(annas[0].placement).toMatchObject({ id: made.id, startDate: '2026-06-01' });
    const twice = await t.request('POST', `/api/calls/${callId}/teams/${teamId}/placements`, {
      cookie: coordinator,
      body: { mode: 'individual', startDate: '2026-06-01', endDate: '2026-06-14' },
    });
    expect(twice.status).toBe(409);
  });

  it('audited every step', async () => {
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where((eb) =>
        eb.or([
          eb('action', 'like', 'call.%'),
          eb('action', 'like', 'application.%'),
          eb('action', 'like', 'team.%'),
        ]),
      )
      .orderBy('id')
      .execute();
    const seen = new Set(actions.map((a) => a.action));
    for (const action of [
      'call.created',
      'call.updated',
      'call.opened',
      'application.submitted',
      'application.updated',
      'application.withdrawn',
      'application.interviewed',
      'call.selection_saved',
      'call.decided',
      'team.created',
      'team.placements_created',
    ])
      expect(seen, action).toContain(action);
  });
});

describe('bad input, named by field', () => {
  let callId: string;
  let destination: string;
  let annasApplication: string;

  beforeAll(async () => {
    now = new Date('2026-04-01T09:00:00Z');
    const res = await t.request('POST', '/api/calls', {
      cookie: coordinator,
      body: callBody({ opensOn: '2026-04-01', deadline: '2026-04-30', places: 1 }),
    });
    callId = res.json().id;
    destination = res.json().destinations[0].id;
    await t.request('POST', `/api/calls/${callId}/status`, { cookie: coordinator, body: { to: 'open' } });
  });

  it('a deadline before the opening day, fewer than 1 place, a weight outside 0–10', async () => {
    const res = await t.request('POST', '/api/calls', {
      cookie: coordinator,
      body: callBody({
        opensOn: '2026-05-10',
        deadline: '2026-05-01',
        places: 0,
        criteria: [{ key: 'preparation', weight: 11 }],
        destinations: [{ country: 'DE', city: 'Dresden', places: 0 }],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      deadline: 'Pieteikšanās termiņš nevar būt agrāks par atvēršanas dienu.',
      places: 'Vietu skaitam jābūt vismaz 1.',
      'criteria.0.weight': 'Svaram jābūt veselam skaitlim no 0 līdz 10.',
      'destinations.0.places': 'Vietu skaitam jābūt vismaz 1.',
    });
    const en = await t.request('POST', '/api/calls', {
      cookie: coordinator,
      body: callBody({ opensOn: '2026-05-10', deadline: '2026-05-01' }),
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.fields).toEqual({ deadline: 'The deadline cannot be before the opening day.' });
  });

  it('a language level that is not CEFR, no consent to data processing, a minor without a guardian', async () => {
    const res = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.anna.cookie,
      body: application([destination], {
        languages: [{ language: 'angļu', level: 'D1' }],
        dataConsent: false,
        isMinor: true,
      }),
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      'languages.0.level':
        'Valodas līmenim jābūt vienam no A1, A2, B1, B2, C1, C2 (Eiropas kopīgās pamatnostādnes).',
      dataConsent: 'Lai pieteiktos, jāpiekrīt datu apstrādei.',
      guardianConsent: 'Nepilngadīgam pretendentam vajag vecāka vai aizbildņa piekrišanu.',
    });
  });

  it('a learner under 18 by the school’s records without a guardian’s consent, whatever they tick', async () => {
    await t.deps.db
      .insertInto('learner_profiles')
      .values({ school_id: w.schoolA.id, user_id: learners.karlis.id, date_of_birth: '2010-04-02' })
      .execute();
    const detail = (
      await t.request('GET', `/api/calls/${callId}`, { cookie: learners.karlis.cookie })
    ).json();
    expect(detail.minorOnRecord).toBe(true);
    const res = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.karlis.cookie,
      body: application([destination], { isMinor: false }),
    });
    expect(res.status).toBe(400);
    // Kārlis reads English: his account's language.
    expect(res.json().error.fields).toEqual({
      guardianConsent: 'A candidate under 18 needs the consent of a parent or guardian.',
    });
    // Fifteen today, eighteen on 2 April 2028: the guardian's word makes the application.
    const ok = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.karlis.cookie,
      body: application([destination], { guardianConsent: true }),
    });
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ isMinor: true, guardianConsent: true });
    const adult = (await t.request('GET', `/api/calls/${callId}`, { cookie: learners.anna.cookie })).json();
    expect(adult.minorOnRecord).toBeNull();
  });

  it('a destination of another call', async () => {
    const res = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.anna.cookie,
      body: application([crypto.randomUUID()]),
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.destinations).toBe('Šāds galamērķis šim konkursam nav.');
  });

  it('a score outside 0–10, a criterion left out, one the call does not have', async () => {
    const applied = await t.request('POST', `/api/calls/${callId}/applications`, {
      cookie: learners.anna.cookie,
      body: application([destination]),
    });
    expect(applied.status).toBe(200);
    const id = applied.json().id;
    annasApplication = id;
    const range = await t.request('PUT', `/api/applications/${id}/interview`, {
      cookie: teacher,
      body: { date: '2026-04-10', scores: { preparation: 11, social: -1, individual: 5, language: 5 } },
    });
    expect(range.status).toBe(400);
    expect(range.json().error.fields).toEqual({
      'scores.preparation': 'Vērtējumam jābūt veselam skaitlim no 0 līdz 10.',
      'scores.social': 'Vērtējumam jābūt veselam skaitlim no 0 līdz 10.',
    });
    const missing = await t.request('PUT', `/api/applications/${id}/interview`, {
      cookie: teacher,
      body: { date: '2026-04-10', scores: { preparation: 5, social: 5, individual: 5, charm: 9 } },
    });
    expect(missing.status).toBe(400);
    expect(missing.json().error.fields).toEqual({
      'scores.language': 'Šis lauks ir obligāts.',
      'scores.charm': 'Šim konkursam nav kritērija “charm”.',
    });
  });

  it('selecting a candidate before the interview', async () => {
    const res = await t.request('PUT', `/api/calls/${callId}/selection`, {
      cookie: coordinator,
      body: { selected: [], reserve: [annasApplication], notSelected: [] },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.reserve).toBe(
      'Vispirms intervējiet: Anna Bērziņa. Atlasīt vai ieskaitīt rezervē var tikai pēc intervijas.',
    );
  });

  it('deciding while an applicant still has no outcome', async () => {
    await t.request('POST', `/api/calls/${callId}/status`, { cookie: coordinator, body: { to: 'closed' } });
    const res = await t.request('POST', `/api/calls/${callId}/decide`, { cookie: coordinator });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.selection).toBe(
      'Pieteikumi bez lēmuma: 2. Atlasiet tos, ieskaitiet rezervē vai atzīmējiet “nav atlasīts”.',
    );
  });

  it('a supervisor sees no calls at all', async () => {
    const supervisor = await t.signIn('supervisor@a.test');
    expect((await t.request('GET', '/api/calls', { cookie: supervisor })).status).toBe(403);
    expect((await t.request('GET', `/api/calls/${callId}`, { cookie: supervisor })).status).toBe(403);
  });
});

describe('list of calls', () => {
  it('searches without diacritics, sorts, pages and exports CSV', async () => {
    const list = (
      await t.request('GET', '/api/calls?q=vacija&sort=title&dir=asc&pageSize=1', { cookie: coordinator })
    ).json();
    expect(list.total).toBe(2);
    expect(list.items).toHaveLength(1);
    const second = (
      await t.request('GET', '/api/calls?q=vacija&sort=title&dir=asc&pageSize=1&page=2', {
        cookie: coordinator,
      })
    ).json();
    expect(second.items[0].id).not.toBe(list.items[0].id);
    const byNumber = (
      await t.request('GET', '/api/calls?q=000777&status=decided', { cookie: coordinator })
    ).json();
    expect(byNumber.total).toBe(1);
    const csv = await t.request('GET', '/api/calls.csv?sort=deadline', { cookie: coordinator });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(
      'Prakse Vācijā un Igaunijā 2026,2026-1-LV01-KA121-VET-000777 · Erasmus+ akreditācija 2026,decided',
    );
  });
});

describe('demo data', () => {
  it('has an open call with two destinations and a few applications, to which the demo learner can apply', async () => {
    const demo = await createTestTilts({ TILTS_DEMO: 'true' });
    try {
      const learner = await demo.signIn('audzeknis@demo.tilts.lv', 'Tilts-demo-2026');
      const list = (await demo.request('GET', '/api/calls', { cookie: learner })).json();
      expect(list.items).toHaveLength(1);
      const [call] = list.items;
      expect(call).toMatchObject({
        acceptingApplications: true,
        destinations: ['Dresden, DE', 'Tallinn, EE'],
      });
      const coordinator = await demo.signIn('koordinators@demo.tilts.lv', 'Tilts-demo-2026');
      const ranking = (
        await demo.request('GET', `/api/calls/${call.id}/ranking`, { cookie: coordinator })
      ).json();
      expect(ranking.items).toHaveLength(4);
      expect(ranking.items.filter((a: { rank: number | null }) => a.rank !== null)).toHaveLength(2);
      const detail = (await demo.request('GET', `/api/calls/${call.id}`, { cookie: learner })).json();
      const res = await demo.request('POST', `/api/calls/${call.id}/applications`, {
        cookie: learner,
        body: application([detail.destinations[0].id]),
      });
      expect(res.status, res.body).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
