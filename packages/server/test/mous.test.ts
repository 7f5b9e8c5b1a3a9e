import { createHash } from 'node:crypto';
import { addDays } from '@tilts/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '../src/db/context.ts';
import { createPartner } from '../src/demo/factories.ts';
import { canonicalJson } from '../src/features/audit/chain.ts';
import { hashSecret } from '../src/features/auth/tokens.ts';
import { canonicalContent, loadMou, loadParties, rigaToday } from '../src/features/mous/mous.repository.ts';
import { expireMous, hasActiveMou } from '../src/features/mous/mous.service.ts';
import { readPdf } from '../src/pdf/pdf-text.ts';
import {
  createTestTilts,
  createWorld,
  linkFromOutbox,
  type TestTilts,
  type World,
} from './support/harness.ts';

let t: TestTilts;
let world: World;
let coordinator: string;
let admin: string;
let teacher: string;
const today = rigaToday(new Date());
const partners: Record<'kimija' | 'tallinn' | 'muller' | 'riga' | 'otherSchool', string> = {
  kimija: '',
  tallinn: '',
  muller: '',
  riga: '',
  otherSchool: '',
};
let qualificationId = '';
let otherQualificationId = '';
let unitIds: string[] = [];
let otherUnitId = '';

async function partnerWithContact(
  schoolId: string,
  values: { legal_name: string; country: string; city: string; legal_address?: string; website?: string },
  contact?: { name: string; position: string; email: string; phone: string },
) {
  const p = await createPartner(t.deps.db, { ...values, kind: 'company', school_id: schoolId });
  if (contact) {
    await t.deps.db
      .insertInto('partner_contacts')
      .values({ ...contact, school_id: schoolId, partner_id: p.id, is_primary: true })
      .execute();
  }
  return p.id;
}

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  const a = world.schoolA.id;
  await t.deps.db
    .updateTable('schools')
    .set({ legal_address: 'Nīcgales iela 26, Rīga, LV-1035' })
    .where('id', '=', a)
    .execute();
  partners.kimija = await partnerWithContact(
    a,
    {
      legal_name: 'SIA „Ķīmijas Šķūnis”',
      country: 'LV',
      city: 'Olaine',
      legal_address: 'Rūpnīcu iela 3, Olaine',
      website: 'https://skunis.example',
    },
    {
      name: 'Ģirts Ūdris',
      position: 'valdes loceklis',
      email: 'Girts@Skunis.example',
      phone: '+371 2000 0001',
    },
  );
  partners.tallinn = await partnerWithContact(
    a,
    { legal_name: 'Tallinna Tööstushariduskeskus', country: 'EE', city: 'Tallinn' },
    { name: 'Kadri Tamm', position: 'Director', email: 'kadri@ttkk.example', phone: '+372 600 0000' },
  );
  partners.muller = await partnerWithContact(
    a,
    { legal_name: 'Müller Maschinenbau GmbH', country: 'DE', city: 'Dresden' },
    { name: 'Jörg Müller', position: 'Geschäftsführer', email: 'joerg@mueller.example', phone: '' },
  );
  partners.riga = await partnerWithContact(a, {
    legal_name: 'SIA Rīgas Dzirnavas',
    country: 'LV',
    city: 'Rīga',
  });
  partners.otherSchool = await partnerWithContact(world.schoolB.id, {
    legal_name: 'Liepājas Osta',
    country: 'LV',
    city: 'Liepāja',
  });
  const q = await t.deps.db
    .insertInto('qualifications')
    .values({
      school_id: a,
      code: '3-01',
      title: 'Mehatronikas tehniķis',
      title_en: 'Mechatronics technician',
      eqf_level: 4,
      lki_level: 4,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  qualificationId = q.id;
  const q2 = await t.deps.db
    .insertInto('qualifications')
    .values({ school_id: a, code: '3-02', title: 'Pavārs', eqf_level: 3, lki_level: 3 })
    .returning('id')
    .executeTakeFirstOrThrow();
  otherQualificationId = q2.id;
  const units = await t.deps.db
    .insertInto('units')
    .values([
      {
        school_id: a,
        qualification_id: q.id,
        code: 'M1',
        title: 'Pneimatisko sistēmu montāža',
        title_en: 'Assembling pneumatic systems',
        eqf_level: 4,
        credit_points: 3,
      },
      {
        school_id: a,
        qualification_id: q.id,
        code: 'M2',
        title: 'Darba drošība ražošanā',
        eqf_level: 4,
        credit_points: 1.5,
      },
    ])
    .returning('id')
    .execute();
  unitIds = units.map((u) => u.id);
  const other = await t.deps.db
    .insertInto('units')
    .values({ school_id: a, qualification_id: q2.id, code: 'P1', title: 'Ēdienu gatavošana', eqf_level: 3 })
    .returning('id')
    .executeTakeFirstOrThrow();
  otherUnitId = other.id;
  coordinator = await t.signIn('coordinator@a.test');
  admin = await t.signIn('admin@a.test');
  teacher = await t.signIn('teacher@a.test');
});
afterAll(() => t?.close());

function fullDraft(partnerIds: string[], extra: Record<string, unknown> = {}) {
  return {
    title: 'Sadarbība mehatronikas audzēkņu mobilitātē',
    objectives: 'Kopīgi mērķi: audzēkņu mobilitāte ar atzītiem mācīšanās rezultātiem.',
    qualificationIds: [qualificationId],
    unitIds,
    assessment: 'Novērtē uzņemošās organizācijas prakses vadītājs pēc kritērijiem.',
    documentation: 'Europass mobilitātes dokuments.',
    validation: 'Skolas mentors validē rezultātus.',
    recognition: 'Atzīst kā moduļa daļu.',
    responsibilities: 'Koordinators un prakses vadītājs.',
    evaluation: 'Reizi gadā.',
    minDurationDays: 14,
    maxDurationDays: 60,
    validFrom: today,
    validUntil: addDays(today, 365),
    school: { signatoryName: 'Ēriks Žubīts', signatoryPosition: 'direktors', signatoryEmail: 'admin@a.test' },
    partners: partnerIds.map((partnerId) => ({ partnerId })),
    ...extra,
  };
}

async function draft(body: unknown, cookie = coordinator): Promise<string> {
  const res = await t.request('POST', '/api/mous', { cookie, body });
  expect(res.status, res.body).toBe(201);
  return res.json().id;
}

async function detail(id: string, cookie = coordinator) {
  const res = await t.request('GET', `/api/mous/${id}`, { cookie });
  expect(res.status, res.body).toBe(200);
  return res.json();
}

async function send(id: string, cookie = coordinator) {
  const { lockVersion } = await detail(id, cookie);
  return t.request('POST', `/api/mous/${id}/send`, { cookie, body: { lockVersion } });
}

async function signAsSchool(id: string, cookie = coordinator, hash?: string) {
  const d = await detail(id, cookie);
  return t.request('POST', `/api/mous/${id}/sign`, {
    cookie,
    body: { contentHash: hash ?? d.contentHash, name: 'Ēriks Žubīts', position: 'direktors', consent: true },
  });
}

function tokenFrom(url: URL): string {
  expect(url.pathname).toBe('/mou-sign');
  return url.searchParams.get('token')!;
}

/** The newest signing link e-mailed to `email` for this memorandum (the outbox holds others too). */
async function tokenFor(mouId: string, email: string): Promise<string> {
  const parties = await t.deps.db
    .selectFrom('mou_parties')
    .select('id')
    .where('mou_id', '=', mouId)
    .execute();
  const mails = await t.deps.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('to_address', '=', email)
    .where('template', '=', 'mou.sign_request')
    .orderBy('created_at', 'desc')
    .execute();
  for (const mail of mails) {
    const token = tokenFrom(new URL(mail.text_body.match(/https?:\/\/\S+/)![0]));
    const link = await t.deps.db
      .selectFrom('access_links')
      .select('subject_id')
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (link && parties.some((p) => p.id === link.subject_id)) return token;
  }
  throw new Error(`no signing link for ${email} and memorandum ${mouId}`);
}

async function signAsPartner(mouId: string, email: string, token?: string) {
  const tok = token ?? (await tokenFor(mouId, email));
  const view = await t.request('GET', `/api/mou-signing?token=${tok}`);
  expect(view.status, view.body).toBe(200);
  const res = await t.request('POST', '/api/mou-signing/sign', {
    body: {
      token: tok,
      contentHash: view.json().document.contentHash,
      name: 'Ģirts Ūdris',
      position: 'valdes loceklis',
      consent: true,
    },
  });
  return { res, token: tok, view: view.json() };
}

/** A memorandum signed by everyone, so in force. */
async function activeMou(partnerIds: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const id = await draft(fullDraft(partnerIds, extra));
  expect((await send(id)).status).toBe(200);
  expect((await signAsSchool(id)).status).toBe(200);
  const d = await detail(id);
  for (const party of d.parties.filter((p: any) => !p.isSchool)) {
    expect((await signAsPartner(id, party.signatoryEmail)).res.status).toBe(200);
  }
  expect((await detail(id)).status).toBe('active');
  return id;
}

/** A PDF as bytes (the harness's request gives text). */
async function pdfBytes(url: string, cookie?: string): Promise<Uint8Array> {
  const res = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return new Uint8Array(res.rawPayload);
}

async function mailsTo(to: string, template: string) {
  return t.deps.db
    .selectFrom('mail_messages')
    .select(['subject', 'text_body', 'locale'])
    .where('to_address', '=', to)
    .where('template', '=', template)
    .orderBy('created_at')
    .execute();
}

describe('drafting', () => {
  it('makes a draft with the school as a party and the partners’ details copied from the register', async () => {
    const id = await draft({
      title: 'Tikai nosaukums',
      partners: [{ partnerId: partners.kimija }, { partnerId: partners.tallinn }],
    });
    const d = await detail(id);
    expect(d).toMatchObject({ status: 'draft', version: 1, seriesId: id, lockVersion: 1, contentHash: null });
    expect(d.parties).toHaveLength(3);
    expect(d.parties[0]).toMatchObject({
      isSchool: true,
      organisationName: 'Rīgas Valsts tehnikums',
      country: 'LV',
      address: 'Nīcgales iela 26, Rīga, LV-1035',
    });
    expect(d.parties[1]).toMatchObject({
      partnerId: partners.kimija,
      organisationName: 'SIA „Ķīmijas Šķūnis”',
      address: 'Rūpnīcu iela 3, Olaine',
      website: 'https://skunis.example',
      phone: '+371 2000 0001',
      contactName: 'Ģirts Ūdris',
      signatoryEmail: 'girts@skunis.example',
      locale: 'lv',
    });
    expect(d.parties[2]).toMatchObject({ organisationName: 'Tallinna Tööstushariduskeskus', locale: 'en' });
    // What still stops it from being sent, listed before anyone tries.
    expect(d.missing.map((m: any) => m.part)).toEqual([
      'objectives',
      'assessment',
      'validFrom',
      'validUntil',
    ]);
  });

  it('keeps edited party details on the next save and copies only newly added partners', async () => {
    const id = await draft({ title: 'Rediģējams', partners: [{ partnerId: partners.kimija }] });
    let d = await detail(id);
    const saved = await t.request('PUT', `/api/mous/${id}`, {
      cookie: coordinator,
      body: {
        ...fullDraft([]),
        lockVersion: d.lockVersion,
        partners: [
          {
            partnerId: partners.kimija,
            signatoryName: 'Līga Ērgle',
            signatoryEmail: 'liga@skunis.example',
            locale: 'en',
          },
        ],
      },
    });
    expect(saved.status, saved.body).toBe(200);
    d = saved.json();
    expect(d.lockVersion).toBe(2);
    expect(d.parties[1]).toMatchObject({
      signatoryName: 'Līga Ērgle',
      signatoryEmail: 'liga@skunis.example',
      locale: 'en',
      contactName: 'Ģirts Ūdris',
    });
    expect(d.qualifications).toEqual([
      {
        id: qualificationId,
        code: '3-01',
        title: 'Mehatronikas tehniķis',
        titleEn: 'Mechatronics technician',
        eqfLevel: 4,
      },
    ]);
    expect(d.units.map((u: any) => [u.code, u.creditPoints])).toEqual([
      ['M1', '3.00'],
      ['M2', '1.50'],
    ]);
    const again = await t.request('PUT', `/api/mous/${id}`, {
      cookie: coordinator,
      body: { ...fullDraft([partners.kimija, partners.muller]), lockVersion: d.lockVersion },
    });
    expect(again.status, again.body).toBe(200);
    expect(again.json().parties[1].signatoryName).toBe('Līga Ērgle');
    expect(again.json().parties[2]).toMatchObject({ signatoryName: 'Jörg Müller', locale: 'en' });
    expect(again.json().missing).toEqual([]);
  });

  it('refuses bad input with a message per field, and saves nothing', async () => {
    const before = await t.deps.db
      .selectFrom('mous')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await t.request('POST', '/api/mous', {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
      body: fullDraft([partners.kimija, partners.kimija], {
        minDurationDays: 30,
        maxDurationDays: 10,
        validFrom: addDays(today, 10),
        validUntil: today,
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields).toEqual({
      maxDurationDays: 'The maximum duration cannot be shorter than the minimum.',
      validUntil: 'The end date cannot be before the start date.',
      'partners.1.partnerId': 'This partner organisation is already in the memorandum.',
    });
    const foreign = await t.request('POST', '/api/mous', {
      cookie: coordinator,
      body: fullDraft([partners.otherSchool], { unitIds: [otherUnitId] }),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json().error.fields).toEqual({
      unitIds:
        'Vienība P1 pieder kvalifikācijai, kas nav izvēlēta. Pievienojiet kvalifikāciju vai noņemiet vienību.',
      'partners.0.partnerId': 'Šādas partnerorganizācijas jūsu skolas reģistrā nav.',
    });
    const noTitle = await t.request('POST', '/api/mous', { cookie: coordinator, body: { title: '  ' } });
    expect(noTitle.json().error.fields.title).toBe('Šis lauks ir obligāts.');
    const after = await t.deps.db
      .selectFrom('mous')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Choosing the qualification makes the same unit acceptable.
    const ok = await t.request('POST', '/api/mous', {
      cookie: coordinator,
      body: fullDraft([partners.kimija], {
        qualificationIds: [qualificationId, otherQualificationId],
        unitIds: [otherUnitId],
      }),
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a stale save with the stale_version message and keeps the newer text', async () => {
    const id = await draft(fullDraft([partners.kimija]));
    const first = await t.request('PUT', `/api/mous/${id}`, {
      cookie: admin,
      body: { ...fullDraft([partners.kimija]), objectives: 'Administratora teksts', lockVersion: 1 },
    });
    expect(first.status).toBe(200);
    const stale = await t.request('PUT', `/api/mous/${id}`, {
      cookie: coordinator,
      body: { ...fullDraft([partners.kimija]), objectives: 'Koordinatora teksts', lockVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json().error.fields.lockVersion).toMatch(
      /^Kamēr rediģējāt, kāds cits šos datus jau mainīja/,
    );
    expect((await detail(id)).objectives).toBe('Administratora teksts');
  });

  it('deletes a draft, but never a memorandum that was sent', async () => {
    const id = await draft({ title: 'Dzēšamais' });
    expect((await t.request('DELETE', `/api/mous/${id}`, { cookie: coordinator })).status).toBe(200);
    expect((await t.request('GET', `/api/mous/${id}`, { cookie: coordinator })).status).toBe(404);
    const sent = await draft(
      fullDraft([partners.riga], {
        partners: [{ partnerId: partners.riga, signatoryEmail: 'dz@riga.example' }],
      }),
    );
    expect((await send(sent)).status).toBe(200);
    const refused = await t.request('DELETE', `/api/mous/${sent}`, { cookie: coordinator });
    expect(refused.status).toBe(409);
    expect(refused.json().error.fields.status).toBe(
      'Memorands ir statusā “gaida parakstus”: šī darbība tagad nav iespējama.',
    );
    await t.request('POST', `/api/mous/${sent}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(sent)).lockVersion },
    });
    await t.request('DELETE', `/api/mous/${sent}`, { cookie: coordinator });
  });
});

describe('sending and signing', () => {
  it('lists what is missing before sending, and sends nothing', async () => {
    const id = await draft({ title: 'Nepabeigts', partners: [{ partnerId: partners.riga }] });
    const res = await send(id);
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      objectives: 'Pirms nosūtīšanas parakstīšanai jānorāda: mērķi.',
      assessment: 'Pirms nosūtīšanas parakstīšanai jānorāda: mācīšanās rezultātu novērtēšana.',
      validFrom: 'Pirms nosūtīšanas parakstīšanai jānorāda: derīguma sākums.',
      validUntil: 'Pirms nosūtīšanas parakstīšanai jānorāda: derīguma beigas.',
      'partners.0.signatoryEmail':
        'Norādiet, uz kuru e-pastu sūtīt parakstīšanas saiti organizācijas „SIA Rīgas Dzirnavas” pārstāvim.',
    });
    const d = await detail(id);
    expect(d.status).toBe('draft');
    expect(d.contentHash).toBeNull();
    expect(
      await t.deps.db
        .selectFrom('access_links')
        .select('token_hash')
        .where('subject_id', '=', d.parties[1].id)
        .execute(),
    ).toEqual([]);
    const noPartner = await draft(fullDraft([]));
    const en = await t.request('POST', `/api/mous/${noPartner}/send`, {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
      body: { lockVersion: 1 },
    });
    expect(en.json().error.fields).toEqual({
      partners: 'Needed before sending for signature: at least one partner organisation.',
    });
  });

  it('goes draft → sent → school signs in the app → partner signs by the e-mailed link → active', async () => {
    const id = await draft(fullDraft([partners.kimija]));
    const sent = await send(id);
    expect(sent.status, sent.body).toBe(200);
    const d = sent.json();
    expect(d.status).toBe('awaiting_signatures');
    // The hash is SHA-256 of the canonical JSON of the content and every party's details.
    const expected = await inSchool(t.deps.db, world.schoolA.id, async (trx) =>
      createHash('sha256')
        .update(
          canonicalJson(
            canonicalContent(await loadMou(trx, world.schoolA.id, id), await loadParties(trx, id)),
          ),
        )
        .digest('hex'),
    );
    expect(d.contentHash).toBe(expected);
    expect(Object.keys(d.links)).toEqual([d.parties[1].id]);

    const [request] = await mailsTo('girts@skunis.example', 'mou.sign_request');
    expect(request).toMatchObject({
      locale: 'lv',
      subject: 'Saprašanās memorands parakstīšanai: Sadarbība mehatronikas audzēkņu mobilitātē',
    });
    expect(request!.text_body).toContain(
      'Rīgas Valsts tehnikums aicina jūs organizācijas „SIA „Ķīmijas Šķūnis”” vārdā',
    );

    const school = await signAsSchool(id);
    expect(school.status, school.body).toBe(200);
    expect(school.json().status).toBe('awaiting_signatures');
    expect(school.json().parties[0].signature).toMatchObject({
      name: 'Ēriks Žubīts',
      position: 'direktors',
      email: 'coordinator@a.test',
      method: 'in_app',
      hash: d.contentHash,
    });
    const again = await signAsSchool(id);
    expect(again.status).toBe(409);
    expect(again.json().error.fields.status).toBe(
      'Organizācijas „Rīgas Valsts tehnikums” vārdā jau parakstīts.',
    );

    // As the partner would: the link in the newest e-mail to them.
    const fromOutbox = tokenFrom(await linkFromOutbox(t, 'girts@skunis.example'));
    const { res, token, view } = await signAsPartner(id, 'girts@skunis.example', fromOutbox);
    expect(view).toMatchObject({ canSign: true, locale: 'lv', schoolName: 'Rīgas Valsts tehnikums' });
    expect(view.document.id).toBe(id);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ canSign: false, document: { status: 'active' } });

    const done = await detail(id);
    expect(done.status).toBe('active');
    expect(done.activatedAt).not.toBeNull();
    expect(done.parties[1].signature).toMatchObject({
      name: 'Ģirts Ūdris',
      email: 'girts@skunis.example',
      method: 'email_link',
      hash: d.contentHash,
    });
    const stored = await t.deps.db
      .selectFrom('mou_parties')
      .selectAll()
      .where('id', '=', d.parties[1].id)
      .executeTakeFirstOrThrow();
    expect(stored.signed_ip).toBeTruthy();
    expect(stored.signed_by_user).toBeNull();
    expect(done.timeline.map((e: any) => e.action)).toEqual([
      'mou.created',
      'mou.sent',
      'mou.signed',
      'mou.signed',
      'mou.activated',
    ]);
    expect(done.timeline[3].actorEmail).toBe('girts@skunis.example');

    // The link signs once: a second use (or a replay) is refused.
    const twice = await t.request('POST', '/api/mou-signing/sign', {
      body: { token, contentHash: d.contentHash, name: 'X', consent: true },
    });
    expect(twice.status).toBe(410);
    expect(twice.json().error.code).toBe('link_invalid');

    // Everyone is told; the partner gets a link to read the signed text and its PDF.
    expect(await mailsTo('coordinator@a.test', 'mou.activated_school')).toHaveLength(1);
    const [inForce] = await mailsTo('girts@skunis.example', 'mou.activated');
    const viewToken = new URL(inForce!.text_body.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!;
    const read = await t.request('GET', `/api/mou-signing?token=${viewToken}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ canSign: false, document: { id, status: 'active' } });
    const pdf = await readPdf(await pdfBytes(`/api/mou-signing/pdf?token=${viewToken}&lang=en`));
    expect(pdf.pages.join('\n')).toContain('Status: active');
    // A read link never signs.
    const byView = await t.request('POST', '/api/mou-signing/sign', {
      body: { token: viewToken, contentHash: d.contentHash, name: 'X', consent: true },
    });
    expect(byView.status).toBe(410);
    await t.request('POST', `/api/mous/${id}/terminate`, {
      cookie: coordinator,
      body: { lockVersion: done.lockVersion, reason: 'tests' },
    });
  });

  it('lets only one of two simultaneous clicks on a signing link through', async () => {
    const id = await draft(fullDraft([partners.muller]));
    await send(id);
    const token = await tokenFor(id, 'joerg@mueller.example');
    const { contentHash, lockVersion } = await detail(id);
    const body = { token, contentHash, name: 'Jörg Müller', consent: true };
    const results = await Promise.all([
      t.request('POST', '/api/mou-signing/sign', { body }),
      t.request('POST', '/api/mou-signing/sign', { body }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    const d = await detail(id);
    expect(d.timeline.filter((e: any) => e.action === 'mou.signed')).toHaveLength(1);
    expect(d.lockVersion).toBe(lockVersion + 1);
    await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: d.lockVersion },
    });
  });

  it('tells the sender when a partner signs and how many signatures are missing', async () => {
    const id = await draft(fullDraft([partners.tallinn, partners.muller]));
    await send(id);
    expect((await signAsPartner(id, 'kadri@ttkk.example')).res.status).toBe(200);
    const mail = (await mailsTo('coordinator@a.test', 'mou.partner_signed')).at(-1);
    expect(mail!.text_body).toContain('Tallinna Tööstushariduskeskus parakstīja saprašanās memorandu');
    expect(mail!.text_body).toContain('Vēl trūkst parakstu: 2.');
    const english = (await mailsTo('joerg@mueller.example', 'mou.sign_request')).at(-1);
    expect(english!.locale).toBe('en');
    expect(english!.subject).toBe(
      'Memorandum of understanding to sign: Sadarbība mehatronikas audzēkņu mobilitātē',
    );
    await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(id)).lockVersion },
    });
  });

  it('needs the consent box and a name to sign', async () => {
    const id = await draft(fullDraft([partners.muller]));
    await send(id);
    const d = await detail(id);
    const res = await t.request('POST', `/api/mous/${id}/sign`, {
      cookie: coordinator,
      body: { contentHash: d.contentHash, name: '', consent: false },
    });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual({
      name: 'Šis lauks ir obligāts.',
      consent: 'Lai parakstītu, atzīmējiet, ka memoranda saturs jums ir zināms un jūs tam piekrītat.',
    });
    expect((await detail(id)).parties[0].signature).toBeNull();
    await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: d.lockVersion },
    });
  });

  it('refuses an expired link; a link sent again works and the old one does not', async () => {
    const id = await draft(fullDraft([partners.muller]));
    await send(id);
    const old = await tokenFor(id, 'joerg@mueller.example');
    const d = await detail(id);
    await t.deps.db
      .updateTable('access_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('subject_id', '=', d.parties[1].id)
      .execute();
    const expired = await t.request('GET', `/api/mou-signing?token=${old}`, {
      headers: { 'accept-language': 'en' },
    });
    expect(expired.status).toBe(410);
    expect(expired.json().error.message).toBe(
      'The link is invalid, already used or expired. Request a new one.',
    );
    const refused = await t.request('POST', '/api/mou-signing/sign', {
      body: { token: old, contentHash: d.contentHash, name: 'Jörg Müller', consent: true },
    });
    expect(refused.status).toBe(410);

    const resent = await t.request('POST', `/api/mous/${id}/parties/${d.parties[1].id}/resend`, {
      cookie: coordinator,
    });
    expect(resent.status, resent.body).toBe(200);
    const fresh = await tokenFor(id, 'joerg@mueller.example');
    expect(fresh).not.toBe(old);
    expect((await signAsPartner(id, 'joerg@mueller.example', fresh)).res.status).toBe(200);
    expect((await detail(id)).timeline.map((e: any) => e.action)).toContain('mou.link_resent');
    await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(id)).lockVersion },
    });
  });

  it('withdrawing revokes the links and clears signatures; a signature against the old content is refused', async () => {
    const id = await draft(fullDraft([partners.tallinn]));
    await send(id);
    const first = await detail(id);
    const oldToken = await tokenFor(id, 'kadri@ttkk.example');
    expect((await signAsSchool(id)).status).toBe(200);
    const noticesBefore = (await mailsTo('kadri@ttkk.example', 'mou.withdrawn')).length;

    const withdrawn = await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(id)).lockVersion },
    });
    expect(withdrawn.status, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'draft', contentHash: null });
    expect(withdrawn.json().parties.every((p: any) => p.signature === null)).toBe(true);
    expect((await t.request('GET', `/api/mou-signing?token=${oldToken}`)).status).toBe(410);
    expect(await mailsTo('kadri@ttkk.example', 'mou.withdrawn')).toHaveLength(noticesBefore + 1);
    const audit = withdrawn.json().timeline.at(-1);
    expect(audit.action).toBe('mou.withdrawn');

    const edited = await t.request('PUT', `/api/mous/${id}`, {
      cookie: coordinator,
      body: {
        ...fullDraft([partners.tallinn]),
        objectives: 'Jauni mērķi',
        lockVersion: withdrawn.json().lockVersion,
      },
    });
    expect(edited.status).toBe(200);
    expect((await send(id)).status).toBe(200);
    const second = await detail(id);
    expect(second.contentHash).not.toBe(first.contentHash);

    const late = await signAsSchool(id, coordinator, first.contentHash);
    expect(late.status).toBe(409);
    expect(late.json().error.fields.contentHash).toBe(
      'Memoranda saturs mainījies kopš brīža, kad to atvērāt. Pārlādējiet lapu, izlasiet pašreizējo saturu un parakstiet vēlreiz.',
    );
    const newToken = await tokenFor(id, 'kadri@ttkk.example');
    const partnerLate = await t.request('POST', '/api/mou-signing/sign', {
      body: { token: newToken, contentHash: first.contentHash, name: 'Kadri Tamm', consent: true },
    });
    expect(partnerLate.status).toBe(409);
    // Nothing half-written: the refused signature left the link usable and the party unsigned.
    expect((await detail(id)).parties.every((p: any) => p.signature === null)).toBe(true);
    expect((await t.request('GET', `/api/mou-signing?token=${newToken}`)).json().canSign).toBe(true);
    await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(id)).lockVersion },
    });
  });

  it('refuses edits to a memorandum that was sent or signed', async () => {
    const id = await draft(
      fullDraft([partners.riga], {
        partners: [{ partnerId: partners.riga, signatoryEmail: 'val@riga.example' }],
      }),
    );
    await send(id);
    const d = await detail(id);
    const sentEdit = await t.request('PUT', `/api/mous/${id}`, {
      cookie: coordinator,
      body: { ...fullDraft([partners.riga]), lockVersion: d.lockVersion },
    });
    expect(sentEdit.status).toBe(409);
    expect(sentEdit.json().error.fields.status).toMatch(
      /^Memorands ir statusā “gaida parakstus”, to vairs nevar labot/,
    );
    await signAsSchool(id);
    await signAsPartner(id, 'val@riga.example');
    const active = await detail(id);
    expect(active.status).toBe('active');
    const activeEdit = await t.request('PUT', `/api/mous/${id}`, {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
      body: { ...fullDraft([partners.riga]), title: 'Changed', lockVersion: active.lockVersion },
    });
    expect(activeEdit.status).toBe(409);
    expect(activeEdit.json().error.fields.status).toMatch(
      /^The memorandum is active and can no longer be edited/,
    );
    expect((await detail(id)).title).toBe('Sadarbība mehatronikas audzēkņu mobilitātē');
    const send2 = await t.request('POST', `/api/mous/${id}/send`, {
      cookie: coordinator,
      body: { lockVersion: active.lockVersion },
    });
    expect(send2.status).toBe(409);
    await t.request('POST', `/api/mous/${id}/terminate`, {
      cookie: coordinator,
      body: { lockVersion: active.lockVersion, reason: 'tests' },
    });
  });
});

describe('versions, duplicates and the end', () => {
  it('makes a new version of a signed memorandum; when it comes into force the old one is terminated', async () => {
    const v1 = await activeMou([partners.kimija]);
    const made = await t.request('POST', `/api/mous/${v1}/versions`, { cookie: coordinator });
    expect(made.status, made.body).toBe(201);
    const v2 = made.json().id;
    const d2 = await detail(v2);
    expect(d2).toMatchObject({
      status: 'draft',
      version: 2,
      title: 'Sadarbība mehatronikas audzēkņu mobilitātē',
    });
    expect(d2.seriesId).toBe((await detail(v1)).seriesId);
    expect(d2.parties.every((p: any) => p.signature === null)).toBe(true);
    expect(d2.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'active'],
      [2, 'draft'],
    ]);
    // Only one version is prepared at a time.
    const twice = await t.request('POST', `/api/mous/${v1}/versions`, { cookie: coordinator });
    expect(twice.status).toBe(409);
    expect(twice.json().error.fields.status).toBe(
      'Šim memorandam jau tiek gatavota 2. versija (statusā “melnraksts”). Turpiniet to.',
    );

    const edit = await t.request('PUT', `/api/mous/${v2}`, {
      cookie: coordinator,
      body: { ...fullDraft([partners.kimija]), maxDurationDays: 89, lockVersion: d2.lockVersion },
    });
    expect(edit.status).toBe(200);
    // The same partners' active memorandum of the same series is not a duplicate: this replaces it.
    expect((await send(v2)).status).toBe(200);
    expect((await detail(v1)).status).toBe('active');
    expect((await signAsSchool(v2)).status).toBe(200);
    expect((await signAsPartner(v2, 'girts@skunis.example')).res.status).toBe(200);

    expect((await detail(v2)).status).toBe('active');
    const old = await detail(v1);
    expect(old).toMatchObject({ status: 'terminated', replacedBy: { id: v2, version: 2 } });
    expect(old.timeline.at(-1).action).toBe('mou.replaced');
    const pdf = await readPdf(await pdfBytes(`/api/mous/${v1}/pdf?lang=en`, coordinator));
    expect(pdf.pages.join('\n')).toContain('replaced by version 2');
    const mail = await mailsTo('coordinator@a.test', 'mou.activated_school');
    expect(mail.at(-1)!.text_body).toContain('Iepriekšējā versija (1.) ir izbeigta, jo to aizstāj šī.');
    // A new version is made from the latest one.
    const fromOld = await t.request('POST', `/api/mous/${v1}/versions`, { cookie: coordinator });
    expect(fromOld.status).toBe(409);
    expect(fromOld.json().error.fields.status).toBe('Jaunu versiju veido no pēdējās versijas (2.).');
    await t.request('POST', `/api/mous/${v2}/terminate`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(v2)).lockVersion, reason: 'tests' },
    });
  });

  it('refuses a second active memorandum for the same partners, naming the one in force', async () => {
    const x = await draft(fullDraft([partners.tallinn, partners.muller], { title: 'Pirmais ar abiem' }));
    const y = await draft(fullDraft([partners.muller, partners.tallinn], { title: 'Otrais ar abiem' }));
    // Both may wait for signatures while neither is in force.
    expect((await send(x)).status).toBe(200);
    expect((await send(y)).status).toBe(200);
    await signAsSchool(x);
    await signAsPartner(x, 'kadri@ttkk.example');
    await signAsPartner(x, 'joerg@mueller.example');
    expect((await detail(x)).status).toBe('active');

    // At activation: the last signature of the other one is refused, and nothing of it is kept.
    await signAsSchool(y);
    await signAsPartner(y, 'kadri@ttkk.example');
    const last = await signAsPartner(y, 'joerg@mueller.example');
    expect(last.res.status).toBe(409);
    const until = addDays(today, 365).split('-').reverse().join('.');
    expect(last.res.json().error.fields.partners).toBe(
      `Ar šiem partneriem jau ir spēkā memorands “Pirmais ar abiem” (1. versija, derīgs līdz ${until}). Izveidojiet tā jaunu versiju vai vispirms izbeidziet to.`,
    );
    const yd = await detail(y);
    expect(yd.status).toBe('awaiting_signatures');
    expect(yd.parties.find((p: any) => p.partnerId === partners.muller).signature).toBeNull();
    expect((await t.request('GET', `/api/mou-signing?token=${last.token}`)).json().canSign).toBe(true);

    // At sending.
    const z = await draft(fullDraft([partners.tallinn, partners.muller], { title: 'Trešais' }));
    const refused = await send(z);
    expect(refused.status).toBe(409);
    expect(refused.json().error.fields.partners).toContain('“Pirmais ar abiem”');
    expect((await detail(z)).status).toBe('draft');
    // Another set of partners is another memorandum.
    const only = await draft(fullDraft([partners.tallinn], { title: 'Tikai Tallina' }));
    expect((await send(only)).status).toBe(200);

    for (const id of [y, only]) {
      await t.request('POST', `/api/mous/${id}/withdraw`, {
        cookie: coordinator,
        body: { lockVersion: (await detail(id)).lockVersion },
      });
    }
    await t.request('POST', `/api/mous/${x}/terminate`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(x)).lockVersion, reason: 'tests' },
    });
  });

  it('terminates an active memorandum only with a reason', async () => {
    const id = await activeMou([partners.muller]);
    const d = await detail(id);
    const noReason = await t.request('POST', `/api/mous/${id}/terminate`, {
      cookie: coordinator,
      body: { lockVersion: d.lockVersion, reason: '   ' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json().error.fields.reason).toBe('Norādiet iemeslu.');
    expect((await detail(id)).status).toBe('active');
    const teacherTry = await t.request('POST', `/api/mous/${id}/terminate`, {
      cookie: teacher,
      body: { lockVersion: d.lockVersion, reason: 'x' },
    });
    expect(teacherTry.status).toBe(403);
    const ok = await t.request('POST', `/api/mous/${id}/terminate`, {
      cookie: admin,
      body: { lockVersion: d.lockVersion, reason: 'Uzņēmums pārtrauc darbību' },
    });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'terminated', endReason: 'Uzņēmums pārtrauc darbību' });
    expect(ok.json().timeline.at(-1)).toMatchObject({ action: 'mou.terminated', actorEmail: 'admin@a.test' });
    const draftOne = await draft({ title: 'Melnraksts' });
    const wrong = await t.request('POST', `/api/mous/${draftOne}/terminate`, {
      cookie: coordinator,
      body: { lockVersion: 1, reason: 'x' },
    });
    expect(wrong.status).toBe(409);
  });

  it('expires memoranda whose validity has passed, by the daily job, as the system', async () => {
    const until = addDays(today, 20);
    const id = await activeMou([partners.riga], {
      validUntil: until,
      partners: [{ partnerId: partners.riga, signatoryEmail: 'exp@riga.example' }],
    });
    expect(await expireMous(t.deps, until)).toBe(0);
    expect((await detail(id)).status).toBe('active');
    const placementDay = addDays(today, 5);
    expect(
      await inSchool(t.deps.db, world.schoolA.id, (trx) => hasActiveMou(trx, partners.riga, placementDay)),
    ).toBe(true);
    expect(
      await inSchool(t.deps.db, world.schoolA.id, (trx) =>
        hasActiveMou(trx, partners.riga, addDays(until, 1)),
      ),
    ).toBe(false);
    expect(
      await inSchool(t.deps.db, world.schoolA.id, (trx) => hasActiveMou(trx, partners.muller, placementDay)),
    ).toBe(false);

    // The job itself, with the clock moved on past the end of validity.
    const realNow = t.deps.now;
    t.deps.now = () => new Date(`${addDays(until, 1)}T00:05:00+02:00`);
    try {
      await t.deps.jobs.runNow('mous.expire', {});
    } finally {
      t.deps.now = realNow;
    }
    const d = await detail(id);
    expect(d.status).toBe('expired');
    expect(d.timeline.at(-1)).toMatchObject({ action: 'mou.expired', actorEmail: 'system' });
    expect(
      await inSchool(t.deps.db, world.schoolA.id, (trx) => hasActiveMou(trx, partners.riga, placementDay)),
    ).toBe(false);
    // An expired memorandum can be renewed as a new version.
    const renewed = await t.request('POST', `/api/mous/${id}/versions`, { cookie: coordinator });
    expect(renewed.status).toBe(201);
    await t.request('DELETE', `/api/mous/${renewed.json().id}`, { cookie: coordinator });
  });
});

describe('reading', () => {
  it('renders the PDF in Latvian and English with every Latvian letter of the party names', async () => {
    const id = await draft(fullDraft([partners.kimija, partners.tallinn]));
    await send(id);
    const d = await detail(id);
    const lvPdf = await readPdf(await pdfBytes(`/api/mous/${id}/pdf?lang=lv`, teacher));
    const lvText = lvPdf.pages.join('\n');
    expect(lvText).toContain('Saprašanās memorands');
    expect(lvText).toContain('Rīgas Valsts tehnikums');
    expect(lvText).toContain('SIA „Ķīmijas Šķūnis”');
    expect(lvText).toContain('Tallinna Tööstushariduskeskus');
    expect(lvText).toContain('Mehatronikas tehniķis');
    expect(lvText).toContain('Pneimatisko sistēmu montāža');
    expect(lvText).toContain('9. Paraksti');
    expect(lvText).toContain('Vēl nav parakstīts.');
    expect(lvPdf.keywords).toBe(`sha256:${d.contentHash}`);
    const en = await readPdf(await pdfBytes(`/api/mous/${id}/pdf?lang=en`, coordinator));
    const enText = en.pages.join('\n');
    expect(enText).toContain('Memorandum of Understanding');
    expect(enText).toContain('Mechatronics technician');
    expect(enText).toContain('Estonia (EE)');
    // The link holder gets the same document through the link, in their language by default.
    const token = await tokenFor(id, 'kadri@ttkk.example');
    const byLink = await readPdf(await pdfBytes(`/api/mou-signing/pdf?token=${token}`));
    expect(byLink.pages.join('\n')).toContain('Memorandum of Understanding');
    await t.request('POST', `/api/mous/${id}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: d.lockVersion },
    });
  });

  it('lists with search, status and partner filters, sorting, paging and CSV', async () => {
    const a = await draft({ title: 'Ūdens saimniecības prakse', partners: [{ partnerId: partners.muller }] });
    const b = await draft({ title: 'Ēdināšanas prakse', partners: [{ partnerId: partners.riga }] });
    const search = await t.request('GET', '/api/mous?q=udens', { cookie: teacher });
    expect(search.status).toBe(200);
    expect(search.json().items.map((m: any) => m.id)).toEqual([a]);
    const byPartnerName = await t.request('GET', `/api/mous?q=dzirnavas&status=draft`, { cookie: teacher });
    expect(byPartnerName.json().items.map((m: any) => m.id)).toContain(b);
    const byPartner = await t.request(
      'GET',
      `/api/mous?partnerId=${partners.muller}&status=draft&sort=title&dir=desc`,
      { cookie: coordinator },
    );
    const items = byPartner.json().items;
    expect(items.map((m: any) => m.id)).toContain(a);
    expect(
      items.every((m: any) => m.status === 'draft' && m.partners.includes('Müller Maschinenbau GmbH')),
    ).toBe(true);
    const titles = items.map((m: any) => m.title);
    expect([...titles].sort((x: string, y: string) => y.localeCompare(x, 'en'))).toEqual(titles);
    const paged = await t.request('GET', '/api/mous?pageSize=2&page=2&sort=updatedAt', {
      cookie: coordinator,
    });
    expect(paged.json()).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.json().items).toHaveLength(2);
    expect(paged.json().total).toBeGreaterThan(4);
    const csv = await t.request('GET', '/api/mous.csv?q=udens', { cookie: coordinator });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('title,version,status,partners,valid_from,valid_until,signed,parties,updated');
    expect(csv.body).toContain('Ūdens saimniecības prakse,1,draft,Müller Maschinenbau GmbH,,,0,2,');
  });

  it('shows memoranda in force that end within the given days, soonest first', async () => {
    const soon = await activeMou([partners.tallinn], {
      title: 'Drīz beigsies',
      validUntil: addDays(today, 10),
    });
    const later = await activeMou([partners.muller], { title: 'Vēl ilgi', validUntil: addDays(today, 90) });
    const res = await t.request('GET', '/api/mous/ending?days=60', { cookie: coordinator });
    expect(res.status).toBe(200);
    const items = res.json().items;
    expect(items.map((m: any) => m.id)).toContain(soon);
    expect(items.map((m: any) => m.id)).not.toContain(later);
    expect(items.find((m: any) => m.id === soon)).toMatchObject({
      title: 'Drīz beigsies',
      daysLeft: 10,
      partners: ['Tallinna Tööstushariduskeskus'],
    });
    expect(
      (await t.request('GET', '/api/mous/ending?days=120', { cookie: teacher }))
        .json()
        .items.map((m: any) => m.id),
    ).toContain(later);
    for (const id of [soon, later]) {
      await t.request('POST', `/api/mous/${id}/terminate`, {
        cookie: coordinator,
        body: { lockVersion: (await detail(id)).lockVersion, reason: 'tests' },
      });
    }
  });

  it('offers the register and the catalogue to the draft form', async () => {
    const res = await t.request('GET', '/api/mous/options', { cookie: coordinator });
    expect(res.status).toBe(200);
    const options = res.json();
    expect(options.school.name).toBe('Rīgas Valsts tehnikums');
    expect(options.partners.map((p: any) => p.legalName)).not.toContain('Liepājas Osta');
    expect(options.partners.find((p: any) => p.id === partners.kimija)).toMatchObject({
      contactName: 'Ģirts Ūdris',
      contactEmail: 'Girts@Skunis.example',
    });
    expect(options.qualifications.map((q: any) => q.code)).toEqual(['3-01', '3-02']);
    expect(options.units.map((u: any) => u.code)).toEqual(['M1', 'M2', 'P1']);
    expect((await t.request('GET', '/api/mous/options', { cookie: teacher })).status).toBe(403);
  });
});

describe('who may do what', () => {
  it('lets teachers read, keeps learners and supervisors out, and hides other schools', async () => {
    const id = await draft({ title: 'Piekļuve', partners: [{ partnerId: partners.kimija }] });
    expect((await t.request('GET', `/api/mous/${id}`, { cookie: teacher })).status).toBe(200);
    expect((await t.request('POST', '/api/mous', { cookie: teacher, body: { title: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await t.request('PUT', `/api/mous/${id}`, { cookie: teacher, body: { title: 'x', lockVersion: 1 } }))
        .status,
    ).toBe(403);
    for (const role of ['learner', 'supervisor'] as const) {
      const cookie = await t.signIn(`${role}@a.test`);
      expect((await t.request('GET', '/api/mous', { cookie })).status).toBe(403);
      expect((await t.request('GET', `/api/mous/${id}`, { cookie })).status).toBe(403);
      expect((await t.request('GET', `/api/mous/${id}/pdf`, { cookie })).status).toBe(403);
    }
    expect((await t.request('GET', `/api/mous/${id}`)).status).toBe(401);
    const other = await t.signIn('admin@b.test');
    expect((await t.request('GET', `/api/mous/${id}`, { cookie: other })).status).toBe(404);
    expect((await t.request('GET', `/api/mous/${id}/pdf`, { cookie: other })).status).toBe(404);
    expect((await t.request('DELETE', `/api/mous/${id}`, { cookie: other })).status).toBe(404);
    expect((await t.request('GET', '/api/mous', { cookie: other })).json().items).toEqual([]);
  });

  it('a link opens only its own memorandum, never the staff API', async () => {
    const mine = await draft(fullDraft([partners.muller], { title: 'Mans' }));
    await send(mine);
    const token = tokenFrom(await linkFromOutbox(t, 'joerg@mueller.example'));
    expect(token).toBe(await tokenFor(mine, 'joerg@mueller.example'));
    const view = await t.request('GET', `/api/mou-signing?token=${token}`);
    expect(view.json().document.id).toBe(mine);
    expect((await t.request('GET', `/api/mous/${mine}`)).status).toBe(401);
    expect((await t.request('GET', `/api/mou-signing?token=${token.slice(0, -2)}xx`)).status).toBe(410);
    expect((await t.request('GET', '/api/mou-signing?token=short')).status).toBe(410);
    await t.request('POST', `/api/mous/${mine}/withdraw`, {
      cookie: coordinator,
      body: { lockVersion: (await detail(mine)).lockVersion },
    });
  });
});
