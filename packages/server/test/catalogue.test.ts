import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let coordinator: string;
let teacher: string;

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  coordinator = await t.signIn('coordinator@a.test');
  teacher = await t.signIn('teacher@a.test');
});
afterAll(() => t?.close());

const it4 = {
  code: 'DST-4',
  title: 'Datorsistēmu tehniķis',
  titleEn: 'Computer systems technician',
  eqfLevel: 4,
  lkiLevel: 4,
  programme: 'Datorsistēmas, datubāzes un datortīkli',
};
const cook = {
  ...it4,
  code: 'PAV-3',
  title: 'Pavārs',
  titleEn: 'Cook',
  eqfLevel: 3,
  lkiLevel: 3,
  programme: '',
};

const outcome = (kind: string, text: string, assessmentCriteria = '') => ({
  kind,
  text,
  textEn: '',
  assessmentCriteria,
});

describe('qualifications', () => {
  let itId: string;

  it('a coordinator adds qualifications; the code is unique in the school whatever its case', async () => {
    const res = await t.request('POST', '/api/catalogue/qualifications', { cookie: coordinator, body: it4 });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ...it4, unitCount: 0, units: [], lockVersion: 1 });
    itId = res.json().id;
    expect(
      (await t.request('POST', '/api/catalogue/qualifications', { cookie: coordinator, body: cook })).status,
    ).toBe(200);
    const again = await t.request('POST', '/api/catalogue/qualifications', {
      cookie: coordinator,
      body: { ...cook, code: 'dst-4' },
    });
    expect(again.status).toBe(409);
    expect(again.json().error.fields.code).toBe('Šāds kods jau ir. Izvēlieties citu.');
  });

  it('says what a level may be', async () => {
    const res = await t.request('POST', '/api/catalogue/qualifications', {
      cookie: coordinator,
      body: { ...it4, code: 'X', eqfLevel: 9, lkiLevel: '' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toMatchObject({
      eqfLevel: 'The level is a whole number from 1 to 8.',
      lkiLevel: 'The level is a whole number from 1 to 8.',
    });
  });

  it('searches without diacritics, filters by EQF level, sorts, pages and exports', async () => {
    const list = async (query: string, cookie = coordinator) => {
      const r = await t.request('GET', `/api/catalogue/qualifications?${query}`, { cookie });
      expect(r.status).toBe(200);
      return r.json();
    };
    expect((await list('q=datorsistemu')).items.map((q: any) => q.code)).toEqual(['DST-4']);
    expect((await list('eqfLevel=3')).items.map((q: any) => q.code)).toEqual(['PAV-3']);
    expect((await list('sort=eqfLevel&dir=desc')).items.map((q: any) => q.code)).toEqual(['DST-4', 'PAV-3']);
    expect(await list('pageSize=1&page=2', teacher)).toMatchObject({
      total: 2,
      page: 2,
      items: [{ code: 'PAV-3' }],
    });
    const csv = await t.request('GET', '/api/catalogue/qualifications.csv?sort=code', {
      cookie: coordinator,
    });
    expect(csv.body.split('\r\n')).toEqual([
      '\uFEFFcode,title,title_en,eqf_level,lki_level,programme,units',
      'DST-4,Datorsistēmu tehniķis,Computer systems technician,4,4,"Datorsistēmas, datubāzes un datortīkli",0',
      'PAV-3,Pavārs,Cook,3,3,,0',
      '',
    ]);
  });

  it('a teacher reads the catalogue but does not change it', async () => {
    expect(
      (await t.request('GET', `/api/catalogue/qualifications/${itId}`, { cookie: teacher })).status,
    ).toBe(200);
    expect(
      (
        await t.request('POST', '/api/catalogue/qualifications', {
          cookie: teacher,
          body: { ...it4, code: 'T' },
        })
      ).status,
    ).toBe(403);
  });

  it('an edit from a stale version is refused', async () => {
    const ok = await t.request('PUT', `/api/catalogue/qualifications/${itId}`, {
      cookie: coordinator,
      body: { ...it4, lkiLevel: 5, lockVersion: 1 },
    });
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ lkiLevel: 5, lockVersion: 2 });
    const stale = await t.request('PUT', `/api/catalogue/qualifications/${itId}`, {
      cookie: coordinator,
      body: { ...it4, title: 'Cits', lockVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json().error.fields.lockVersion).toMatch(/^Kamēr rediģējāt/);
  });

  describe('units and outcomes', () => {
    let unitId: string;

    it('adds a unit with ordered outcomes of each kind', async () => {
      const res = await t.request('POST', `/api/catalogue/qualifications/${itId}/units`, {
        cookie: coordinator,
        body: {
          code: 'DST-M2',
          title: 'Datortīklu izveide un uzturēšana',
          titleEn: '',
          eqfLevel: 4,
          creditPoints: '4,5',
          outcomes: [
            outcome('knowledge', 'Raksturo OSI modeļa slāņus.'),
            outcome('skills', 'Konfigurē komutatoru.', 'Tīkls darbojas.'),
            outcome('responsibility_autonomy', 'Patstāvīgi plāno darbu.'),
          ],
        },
      });
      expect(res.status).toBe(200);
      const unit = res.json();
      unitId = unit.id;
      expect(unit).toMatchObject({ qualificationCode: 'DST-4', creditPoints: 4.5, lockVersion: 1 });
      expect(unit.outcomes.map((o: any) => [o.position, o.kind])).toEqual([
        [0, 'knowledge'],
        [1, 'skills'],
        [2, 'responsibility_autonomy'],
      ]);
      const q = (
        await t.request('GET', `/api/catalogue/qualifications/${itId}`, { cookie: coordinator })
      ).json();
      expect(q.units).toEqual([
        expect.objectContaining({ code: 'DST-M2', outcomeCount: 3, creditPoints: 4.5 }),
      ]);
    });

    it('refuses a unit code twice in one qualification, and wrong credit points and kinds', async () => {
      const res = await t.request('POST', `/api/catalogue/qualifications/${itId}/units`, {
        cookie: coordinator,
        body: { code: 'dst-m2', title: 'Otrs', titleEn: '', eqfLevel: 4, creditPoints: 1, outcomes: [] },
      });
      expect(res.status).toBe(409);
      const bad = await t.request('POST', `/api/catalogue/qualifications/${itId}/units`, {
        cookie: coordinator,
        body: {
          code: 'DST-M9',
          title: 'Trešā',
          titleEn: '',
          eqfLevel: 4,
          creditPoints: '1,234',
          outcomes: [outcome('wisdom', 'x')],
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.json().error.fields).toMatchObject({
        creditPoints: 'Ne vairāk kā divi cipari aiz komata.',
        'outcomes.0.kind': 'Izvēlieties vienu no piedāvātajām vērtībām.',
      });
    });

    it('saves reordered, changed, added and removed outcomes; a stale edit is refused', async () => {
      const unit = (await t.request('GET', `/api/catalogue/units/${unitId}`, { cookie: teacher })).json();
      const [knowledge, skills] = unit.outcomes;
      const res = await t.request('PUT', `/api/catalogue/units/${unitId}`, {
        cookie: coordinator,
        body: {
          code: 'DST-M2',
          title: unit.title,
          titleEn: 'Networks',
          eqfLevel: 4,
          creditPoints: 5,
          lockVersion: 1,
          outcomes: [
            { ...skills, assessmentCriteria: 'Visas ierīces sasniedzamas.' },
            knowledge,
            outcome('skills', 'Dokumentē konfigurāciju.'),
          ],
        },
      });
      expect(res.status).toBe(200);
      expect(res.json().outcomes.map((o: any) => [o.position, o.text, o.assessmentCriteria])).toEqual([
        [0, 'Konfigurē komutatoru.', 'Visas ierīces sasniedzamas.'],
        [1, 'Raksturo OSI modeļa slāņus.', ''],
        [2, 'Dokumentē konfigurāciju.', ''],
      ]);
      expect(res.json().outcomes[0].id).toBe(skills.id);
      const stale = await t.request('PUT', `/api/catalogue/units/${unitId}`, {
        cookie: coordinator,
        body: {
          code: 'DST-M2',
          title: 'Cits',
          titleEn: '',
          eqfLevel: 4,
          creditPoints: 5,
          lockVersion: 1,
          outcomes: [],
        },
      });
      expect(stale.status).toBe(409);
      expect(
        (await t.request('GET', `/api/catalogue/units/${unitId}`, { cookie: teacher })).json().outcomes,
      ).toHaveLength(3);
    });

    it('the read API gives units with their outcomes by id or by qualification, only the school’s own', async () => {
      const other = await t.deps.db
        .insertInto('qualifications')
        .values({ school_id: world.schoolB.id, code: 'B', title: 'Cita skola', eqf_level: 3, lki_level: 3 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const otherUnit = await t.deps.db
        .insertInto('units')
        .values({
          school_id: world.schoolB.id,
          qualification_id: other.id,
          code: 'B1',
          title: 'Cita',
          eqf_level: 3,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await t.request(
        'GET',
        `/api/catalogue/units?ids=${unitId},${otherUnit.id},${randomUUID()}`,
        {
          cookie: teacher,
        },
      );
      expect(res.status).toBe(200);
      expect(res.json().items.map((u: any) => [u.code, u.outcomes.length])).toEqual([['DST-M2', 3]]);
      const byQualification = await t.request('GET', `/api/catalogue/qualifications/${itId}/units`, {
        cookie: teacher,
      });
      expect(byQualification.json().items.map((u: any) => u.code)).toEqual(['DST-M2']);
      expect(
        (await t.request('GET', `/api/catalogue/qualifications/${other.id}/units`, { cookie: teacher }))
          .status,
      ).toBe(404);
      expect((await t.request('GET', '/api/catalogue/units?ids=nope', { cookie: teacher })).status).toBe(400);
    });

    it('refuses to delete what a memorandum or placement uses; deletes what nothing uses', async () => {
      const db = t.deps.db;
      const mou = await db
        .insertInto('mous')
        .values({
          school_id: world.schoolA.id,
          series_id: randomUUID(),
          title: 'MoU',
          unit_ids: [unitId],
          valid_from: '2027-01-01',
          valid_until: '2028-01-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const unitRefused = await t.request('DELETE', `/api/catalogue/units/${unitId}`, {
        cookie: coordinator,
      });
      expect(unitRefused.status).toBe(409);
      expect(unitRefused.json().error.fields.unit).toBe(
        'Mācīšanās rezultātu vienību nevar dzēst, jo to izmanto saprašanās memorandi (1).',
      );
      const qRefused = await t.request('DELETE', `/api/catalogue/qualifications/${itId}`, {
        cookie: coordinator,
      });
      expect(qRefused.status).toBe(409);
      expect(qRefused.json().error.fields.qualification).toMatch(/saprašanās memorandi \(1\)/);
      await db.deleteFrom('mous').where('id', '=', mou.id).execute();

      const cookQ = (
        await t.request('GET', '/api/catalogue/qualifications?q=pavars', { cookie: coordinator })
      ).json().items[0];
      await db
        .insertInto('placements')
        .values({
          school_id: world.schoolA.id,
          kind: 'internship',
          title: 'Prakse virtuvē',
          qualification_id: cookQ.id,
          destination_country: 'LV',
          start_date: '2027-02-01',
          end_date: '2027-03-01',
        })
        .execute();
      const cookRefused = await t.request('DELETE', `/api/catalogue/qualifications/${cookQ.id}`, {
        cookie: coordinator,
      });
      expect(cookRefused.status).toBe(409);
      expect(cookRefused.json().error.fields.qualification).toMatch(/prakses un mobilitātes \(1\)/);

      expect(
        (await t.request('DELETE', `/api/catalogue/units/${unitId}`, { cookie: coordinator })).status,
      ).toBe(200);
      expect(
        (await t.request('DELETE', `/api/catalogue/qualifications/${itId}`, { cookie: coordinator })).status,
      ).toBe(200);
      const actions = await db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', 'in', ['qualification', 'unit'])
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'qualification.created',
        'qualification.created',
        'qualification.updated',
        'unit.created',
        'unit.updated',
        'unit.deleted',
        'qualification.deleted',
      ]);
    });
  });
});

describe('unit import', () => {
  const header =
    'Kvalifikācijas kods;Vienības kods;Vienības nosaukums;EKI līmenis;Kredītpunkti;Rezultāta veids;Mācīšanās rezultāts;Vērtēšanas kritēriji';
  const file = [
    header,
    'WEB-4;W1;Tīmekļa lapu izstrāde;4;3;zināšanas;Zina HTML un CSS pamatus.;Tests',
    'WEB-4;W1;Tīmekļa lapu izstrāde;4;3;prasmes;Izveido adaptīvu tīmekļa lapu.;Lapa strādā telefonā',
    'WEB-4;W1;Tīmekļa lapu izstrāde;4;;atbildība un autonomija;Patstāvīgi plāno darbu.;',
    'WEB-4;W2;Datubāzes;4;2,5;skills;Veido SQL vaicājumus.;',
    'NAV-1;X1;Nekas;4;1;knowledge;Kaut kas.;',
    'WEB-4;W2;Datubāzes;5;2,5;knowledge;Zina relāciju modeli.;',
    'WEB-4;W1;Tīmekļa lapu izstrāde;4;3;Zināšanas;zina html un css pamatus;Tests',
    'WEB-4;W3;Drošība;4;1;gudrība;Kaut kas.;',
  ].join('\n');

  const upload = (text: string) =>
    t.request('POST', '/api/imports/units?filename=vienibas.csv', {
      cookie: coordinator,
      body: Buffer.from(text),
      headers: { 'content-type': 'text/csv' },
    });

  it('previews units with outcomes, names each row’s problem, applies, and a re-import changes nothing', async () => {
    await t.request('POST', '/api/catalogue/qualifications', {
      cookie: coordinator,
      body: { ...it4, code: 'WEB-4', title: 'Programmēšanas tehniķis' },
    });
    const preview = (await upload(file)).json();
    expect(preview.counts).toEqual({ new: 4, update: 0, unchanged: 0, problems: 4 });
    expect(preview.problems.map((p: any) => [p.line, p.column, p.message])).toEqual([
      [6, 'Kvalifikācijas kods', 'Nav kvalifikācijas ar kodu “NAV-1”. Vispirms pievienojiet to katalogā.'],
      [7, 'EKI līmenis', 'Šīs vienības nosaukums, EKI līmenis vai kredītpunkti atšķiras no 5. rindas.'],
      [8, 'Mācīšanās rezultāts', 'Tā pati organizācija vai ieraksts jau ir failā 2. rindā.'],
      [
        9,
        'Rezultāta veids',
        'Nezināms rezultāta veids. Der: zināšanas / knowledge, prasmes / skills, atbildība un autonomija / responsibility and autonomy.',
      ],
    ]);
    const result = await t.request('POST', `/api/imports/${preview.id}/confirm`, { cookie: coordinator });
    expect(result.json()).toMatchObject({ created: 4, updated: 0, skipped: 4 });
    const q = (
      await t.request('GET', '/api/catalogue/qualifications?q=WEB-4', { cookie: coordinator })
    ).json().items[0];
    const units = (
      await t.request('GET', `/api/catalogue/qualifications/${q.id}/units`, { cookie: coordinator })
    ).json().items;
    expect(
      units.map((u: any) => [
        u.code,
        u.title,
        u.eqfLevel,
        u.creditPoints,
        u.outcomes.map((o: any) => o.kind),
      ]),
    ).toEqual([
      ['W1', 'Tīmekļa lapu izstrāde', 4, 3, ['knowledge', 'skills', 'responsibility_autonomy']],
      ['W2', 'Datubāzes', 4, 2.5, ['skills']],
    ]);

    const again = (await upload(file)).json();
    expect(again.counts).toEqual({ new: 0, update: 0, unchanged: 4, problems: 4 });
  });

  it('updates assessment criteria and a unit’s title, adding an outcome after the others', async () => {
    const changed = [
      header,
      'web-4;w1;Tīmekļa lapu izstrāde un uzturēšana;4;3;zināšanas;Zina HTML un CSS pamatus.;Tests un praktisks darbs',
      'WEB-4;W2;Datubāzes;4;2,5;knowledge;Zina relāciju modeli.;',
    ].join('\r\n');
    const preview = (await upload(changed)).json();
    expect(preview.counts).toEqual({ new: 1, update: 1, unchanged: 0, problems: 0 });
    expect(
      (await t.request('POST', `/api/imports/${preview.id}/confirm`, { cookie: coordinator })).json(),
    ).toMatchObject({ created: 1, updated: 1 });
    const q = (
      await t.request('GET', '/api/catalogue/qualifications?q=WEB-4', { cookie: coordinator })
    ).json().items[0];
    const [w1, w2] = (
      await t.request('GET', `/api/catalogue/qualifications/${q.id}/units`, { cookie: coordinator })
    ).json().items;
    expect(w1.title).toBe('Tīmekļa lapu izstrāde un uzturēšana');
    expect(w1.lockVersion).toBe(2);
    expect(w1.outcomes[0].assessmentCriteria).toBe('Tests un praktisks darbs');
    expect(w2.outcomes.map((o: any) => [o.position, o.text])).toEqual([
      [0, 'Veido SQL vaicājumus.'],
      [1, 'Zina relāciju modeli.'],
    ]);
  });
});
