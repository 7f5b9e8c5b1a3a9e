import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner } from '../src/demo/factories.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let coordinator: string;
let teacher: string;

const baltic = {
  kind: 'company',
  legalName: 'SIA „Ķīmijas Ūdens Tehnoloģijas”',
  registrationNumber: '40003 111 222',
  legalAddress: 'Rūpniecības iela 1, Rīga, LV-1010',
  country: 'lv',
  city: 'Rīga',
  website: 'www.udens.example.lv',
  sector: 'Ķīmija',
  erasmusOid: '',
  notes: '',
  contacts: [
    {
      name: 'Ņina Šķēle',
      position: 'Valdes locekle',
      email: 'Nina@Udens.example.lv',
      phone: '+371 26 000 001',
    },
    { name: 'Uģis Žūriņš', position: 'Meistars', email: '', phone: '', isPrimary: true },
  ],
};

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  coordinator = await t.signIn('coordinator@a.test');
  teacher = await t.signIn('teacher@a.test');
  const school = world.schoolA.id;
  await createPartner(t.deps.db, {
    school_id: school,
    kind: 'company',
    legal_name: 'Müller Maschinenbau GmbH',
    registration_number: 'HRB 12345',
    country: 'DE',
    city: 'Dresden',
  });
  await createPartner(t.deps.db, {
    school_id: school,
    kind: 'school',
    legal_name: 'Tallinna Tööstushariduskeskus',
    registration_number: '70004465',
    country: 'EE',
    city: 'Tallinn',
  });
  await createPartner(t.deps.db, {
    school_id: school,
    kind: 'intermediary',
    legal_name: 'Mobility Partners Europe S.L.',
    country: 'ES',
    city: 'Valencia',
  });
  await createPartner(t.deps.db, {
    school_id: world.schoolB.id,
    kind: 'company',
    legal_name: 'Otras skolas partneris',
    country: 'LV',
  });
});
afterAll(() => t?.close());

describe('partner register', () => {
  let id: string;

  it('a coordinator registers a partner with contacts; what they typed is stored and audited', async () => {
    const res = await t.request('POST', '/api/partners', { cookie: coordinator, body: baltic });
    expect(res.status).toBe(200);
    const p = res.json();
    id = p.id;
    expect(p).toMatchObject({
      legalName: 'SIA „Ķīmijas Ūdens Tehnoloģijas”',
      country: 'LV',
      countryName: 'Latvija',
      website: 'https://www.udens.example.lv',
      lockVersion: 1,
      usage: { placements: 0, mous: 0 },
    });
    expect(p.contacts).toEqual([
      expect.objectContaining({ name: 'Ņina Šķēle', email: 'nina@udens.example.lv', isPrimary: false }),
      expect.objectContaining({ name: 'Uģis Žūriņš', isPrimary: true }),
    ]);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toEqual([
      { action: 'partner.created', after: expect.objectContaining({ legalName: baltic.legalName }) },
    ]);
  });

  it('refuses the same organisation again (same country and registration number, spelt differently)', async () => {
    const res = await t.request('POST', '/api/partners', {
      cookie: coordinator,
      body: { ...baltic, legalName: 'Cits nosaukums', registrationNumber: '40003-111222', contacts: [] },
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.registrationNumber).toBe(
      'This organisation is already in the register: SIA „Ķīmijas Ūdens Tehnoloģijas”.',
    );
  });

  it('names each wrong field, contacts included, in the user language', async () => {
    const res = await t.request('POST', '/api/partners', {
      cookie: coordinator,
      body: {
        ...baltic,
        registrationNumber: '1',
        country: 'XX',
        website: 'ftp://x',
        erasmusOid: '123',
        contacts: [{ name: '', email: 'nav-epasts', phone: 'zvanīt' }],
      },
    });
    expect(res.status).toBe(400);
    const fields = res.json().error.fields;
    expect(fields.country).toBe('Nezināms valsts kods. Norādiet ISO kodu ar diviem burtiem (piemēram, DE).');
    expect(fields.website).toBe('Ievadiet derīgu adresi (https://…).');
    expect(fields.erasmusOid).toBe('Erasmus+ OID ir burts E un 8 cipari (piemēram, E10012345).');
    expect(fields['contacts.0.name']).toBe('Šis lauks ir obligāts.');
    expect(fields['contacts.0.email']).toBe('Ievadiet derīgu e-pasta adresi.');
    expect(fields['contacts.0.phone']).toMatch(/^Tālruņa numurā/);
  });

  it('lets a teacher read but not write', async () => {
    expect((await t.request('GET', `/api/partners/${id}`, { cookie: teacher })).status).toBe(200);
    expect((await t.request('POST', '/api/partners', { cookie: teacher, body: baltic })).status).toBe(403);
    expect((await t.request('DELETE', `/api/partners/${id}`, { cookie: teacher })).status).toBe(403);
  });

  it('searches without regard to diacritics, filters by kind and country, sorts and pages', async () => {
    const list = (query: string, cookie = coordinator, lang = 'lv') =>
      t
        .request('GET', `/api/partners?${query}`, { cookie, headers: { 'accept-language': lang } })
        .then((r) => {
          expect(r.status).toBe(200);
          return r.json();
        });
    expect((await list('q=kimijas')).items.map((p: any) => p.legalName)).toEqual([baltic.legalName]);
    expect((await list('q=zurins')).items.map((p: any) => p.legalName)).toEqual([baltic.legalName]);
    expect((await list('q=40003111222')).total).toBe(1);
    expect((await list('kind=school')).items.map((p: any) => p.legalName)).toEqual([
      'Tallinna Tööstushariduskeskus',
    ]);
    const german = await list('country=de');
    expect(german.items).toEqual([
      expect.objectContaining({ legalName: 'Müller Maschinenbau GmbH', countryName: 'Vācija' }),
    ]);
    expect((await list('country=DE', coordinator, 'en')).items[0].countryName).toBe('Germany');
    const byCountry = await list('sort=country&dir=desc');
    expect(byCountry.items.map((p: any) => p.country)).toEqual(['LV', 'ES', 'EE', 'DE']);
    const paged = await list('sort=legalName&pageSize=2&page=2');
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(paged.items.map((p: any) => p.legalName)).toEqual([
      'SIA „Ķīmijas Ūdens Tehnoloģijas”',
      'Tallinna Tööstushariduskeskus',
    ]);
    expect((await list('q=Otras')).total).toBe(0);
    expect((await list('', teacher)).total).toBe(4);
  });

  it('exports the filtered list as CSV with the columns the import reads', async () => {
    const res = await t.request('GET', '/api/partners.csv?country=LV', { cookie: coordinator });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFNosaukums,Reģistrācijas numurs,Valsts,Veids,Pilsēta,Juridiskā adrese,Tīmekļvietne,Nozare,Erasmus+ OID,Kontaktpersona,Kontaktpersonas amats,Kontaktpersonas e-pasts,Kontaktpersonas tālrunis,Valsts nosaukums',
    );
    expect(lines[1]).toBe(
      'SIA „Ķīmijas Ūdens Tehnoloģijas”,40003 111 222,LV,uzņēmums,Rīga,"Rūpniecības iela 1, Rīga, LV-1010",https://www.udens.example.lv,Ķīmija,,Uģis Žūriņš,Meistars,,,Latvija',
    );
    expect(lines).toHaveLength(3);
    const en = await t.request('GET', '/api/partners.csv?kind=school', {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.split('\r\n')[1]).toBe(
      'Tallinna Tööstushariduskeskus,70004465,EE,school,Tallinn,,,,,,,,,Estonia',
    );
  });

  it('saves an edit from the current version, refuses a stale one, and keeps the contacts straight', async () => {
    const current = (await t.request('GET', `/api/partners/${id}`, { cookie: coordinator })).json();
    const [nina, ugis] = current.contacts;
    const first = await t.request('PUT', `/api/partners/${id}`, {
      cookie: coordinator,
      body: {
        ...baltic,
        city: 'Jūrmala',
        lockVersion: current.lockVersion,
        contacts: [{ ...ugis }, { name: 'Ēriks Ģērmanis', position: '', email: '', phone: '' }],
      },
    });
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({ city: 'Jūrmala', lockVersion: 2 });
    expect(first.json().contacts.map((c: any) => [c.name, c.isPrimary])).toEqual([
      ['Uģis Žūriņš', true],
      ['Ēriks Ģērmanis', false],
    ]);
    expect(first.json().contacts[0].id).toBe(ugis.id);
    // A second editor opened the form before the first saved.
    const stale = await t.request('PUT', `/api/partners/${id}`, {
      cookie: coordinator,
      body: { ...baltic, city: 'Ogre', lockVersion: current.lockVersion, contacts: [nina] },
    });
    expect(stale.status).toBe(409);
    expect(stale.json().error.fields.lockVersion).toMatch(/^Kamēr rediģējāt, kāds cits/);
    const after = (await t.request('GET', `/api/partners/${id}`, { cookie: coordinator })).json();
    expect(after.city).toBe('Jūrmala');
    expect(after.contacts).toHaveLength(2);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'partner.updated')
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { city: 'Rīga' }, after: { city: 'Jūrmala' } });
  });

  it('refuses a contact id of another partner', async () => {
    const current = (await t.request('GET', `/api/partners/${id}`, { cookie: coordinator })).json();
    const res = await t.request('PUT', `/api/partners/${id}`, {
      cookie: coordinator,
      body: { ...baltic, lockVersion: current.lockVersion, contacts: [{ id: randomUUID(), name: 'X' }] },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['contacts.0.id']);
  });

  it('does not show or change another school’s partner', async () => {
    const other = await t.deps.db
      .selectFrom('partners')
      .select('id')
      .where('school_id', '=', world.schoolB.id)
      .executeTakeFirstOrThrow();
    expect((await t.request('GET', `/api/partners/${other.id}`, { cookie: coordinator })).status).toBe(404);
    expect((await t.request('DELETE', `/api/partners/${other.id}`, { cookie: coordinator })).status).toBe(
      404,
    );
  });

  it('refuses to delete a partner a placement or memorandum uses, with a clear message, and deletes an unused one', async () => {
    const db = t.deps.db;
    const school = world.schoolA.id;
    await db
      .insertInto('placements')
      .values({
        school_id: school,
        kind: 'internship',
        title: 'Prakse',
        host_partner_id: id,
        destination_country: 'LV',
        start_date: '2027-02-01',
        end_date: '2027-03-01',
      })
      .execute();
    const mou = await db
      .insertInto('mous')
      .values({
        school_id: school,
        series_id: randomUUID(),
        title: 'Memorands',
        valid_from: '2027-01-01',
        valid_until: '2028-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('mou_parties')
      .values({
        school_id: school,
        mou_id: mou.id,
        position: 1,
        partner_id: id,
        organisation_name: 'x',
        country: 'LV',
      })
      .execute();
    const refused = await t.request('DELETE', `/api/partners/${id}`, { cookie: coordinator });
    expect(refused.status).toBe(409);
    expect(refused.json().error.fields.partner).toBe(
      'Partneri nevar dzēst, jo to izmanto prakses un mobilitātes (1) un saprašanās memorandi (1).',
    );
    expect((await t.request('GET', `/api/partners/${id}`, { cookie: coordinator })).json().usage).toEqual({
      placements: 1,
      mous: 1,
    });

    const spare = await t.request('POST', '/api/partners', {
      cookie: coordinator,
      body: { ...baltic, registrationNumber: '', legalName: 'Dzēšamais SIA', contacts: [{ name: 'Kāds' }] },
    });
    expect(spare.status).toBe(200);
    const deleted = await t.request('DELETE', `/api/partners/${spare.json().id}`, { cookie: coordinator });
    expect(deleted.status).toBe(200);
    expect((await t.request('GET', `/api/partners/${spare.json().id}`, { cookie: coordinator })).status).toBe(
      404,
    );
    const contacts = await db
      .selectFrom('partner_contacts')
      .select('id')
      .where('partner_id', '=', spare.json().id)
      .execute();
    expect(contacts).toEqual([]);
    const audit = await db
      .selectFrom('audit_log')
      .select('before')
      .where('action', '=', 'partner.deleted')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ legalName: 'Dzēšamais SIA' });
  });

  it('refuses a second partner without a number whose name differs only in case and diacritics', async () => {
    const res = await t.request('POST', '/api/partners', {
      cookie: coordinator,
      body: {
        ...baltic,
        legalName: 'mobility partners europe s.l.',
        country: 'ES',
        registrationNumber: '',
        contacts: [],
      },
    });
    expect(res.status).toBe(409);
    expect(res.json().error.fields.legalName).toMatch(/Mobility Partners Europe S\.L\./);
  });
});
