import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let coordinator: string;

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  coordinator = await t.signIn('coordinator@a.test');
});
afterAll(() => t?.close());

function upload(kind: string, file: string | Uint8Array, options: { lang?: string; type?: string } = {}) {
  const body = typeof file === 'string' ? Buffer.from(file, 'utf8') : Buffer.from(file);
  return t.request('POST', `/api/imports/${kind}?filename=partneri.csv`, {
    cookie: coordinator,
    body,
    headers: { 'content-type': options.type ?? 'text/csv', 'accept-language': options.lang ?? 'lv' },
  });
}

const confirm = (id: string) => t.request('POST', `/api/imports/${id}/confirm`, { cookie: coordinator });

async function partnerCount(): Promise<number> {
  const { n } = await t.deps.db
    .selectFrom('partners')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school_id', '=', world.schoolA.id)
    .executeTakeFirstOrThrow();
  return Number(n);
}

// As a Latvian Excel saves it: a byte-order mark, `;` between cells, CRLF.
const partnersFile = [
  'Nosaukums;Reģistrācijas numurs;Valsts;Veids;Pilsēta;Kontaktpersona;Kontaktpersonas e-pasts;Kontaktpersonas tālrunis;Piezīmes',
  'SIA „Ziemeļu Ābeles”;40003 555 666;LV;uzņēmums;Valmiera;Ģirts Ķēniņš;girts@abeles.example.lv;+371 26 111 222;x',
  'Hotel Zum Goldenen Löwen GmbH;HRB 204518;Vācija;company;München;Sabine Köhler;s.koehler@loewe.example.de;;',
  'Nezināmas valsts SIA;123;XX;;;;;;',
  'SIA Ziemeļu Ābeles (otrreiz);40003-555666;LV;;;;;;',
  'Stadin ammatti- ja aikuisopisto;;FI;skola;Helsinki;;;;',
].join('\r\n');

describe('partner import', () => {
  let batchId: string;

  it('previews: counts, each problem with its line and words, a sample; nothing is written', async () => {
    const res = await upload('partners', `\uFEFF${partnersFile}\r\n`);
    expect(res.status).toBe(200);
    const preview = res.json();
    batchId = preview.id;
    expect(preview).toMatchObject({
      kind: 'partners',
      filename: 'partneri.csv',
      encoding: 'utf-8',
      rows: 5,
      counts: { new: 3, update: 0, unchanged: 0, problems: 2 },
      ignoredColumns: ['Piezīmes'],
      appliedAt: null,
    });
    expect(preview.problems).toEqual([
      {
        line: 4,
        field: 'country',
        column: 'Valsts',
        message: 'Nezināms valsts kods. Norādiet ISO kodu ar diviem burtiem (piemēram, DE).',
      },
      {
        line: 5,
        field: 'registrationNumber',
        column: 'Reģistrācijas numurs',
        message: 'Tā pati organizācija vai ieraksts jau ir failā 2. rindā.',
      },
    ]);
    expect(preview.sample.map((s: any) => [s.line, s.status])).toEqual([
      [2, 'new'],
      [3, 'new'],
      [4, 'problem'],
      [5, 'problem'],
      [6, 'new'],
    ]);
    expect(preview.sample[0].values).toMatchObject({ legalName: 'SIA „Ziemeļu Ābeles”', country: 'LV' });
    expect(await partnerCount()).toBe(0);
    const batch = await t.deps.db
      .selectFrom('import_batches')
      .select(['applied_at', 'encoding'])
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toEqual({ applied_at: null, encoding: 'utf-8' });
  });

  it('shows a stored preview again in the reader’s language', async () => {
    const res = await t.request('GET', `/api/imports/${batchId}`, {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    expect(res.json().problems[1]).toEqual({
      line: 5,
      field: 'registrationNumber',
      column: 'Registration number',
      message: 'The same organisation or entry is already on line 2 of the file.',
    });
  });

  it('confirming writes the valid rows with their contacts, skips the others, audits, and applies once', async () => {
    const res = await confirm(batchId);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0, skipped: 2 });
    const rows = await t.deps.db
      .selectFrom('partners')
      .select(['legal_name', 'country', 'kind', 'city', 'registration_number'])
      .where('school_id', '=', world.schoolA.id)
      .orderBy('legal_name')
      .execute();
    expect(rows).toEqual([
      {
        legal_name: 'Hotel Zum Goldenen Löwen GmbH',
        country: 'DE',
        kind: 'company',
        city: 'München',
        registration_number: 'HRB 204518',
      },
      {
        legal_name: 'SIA „Ziemeļu Ābeles”',
        country: 'LV',
        kind: 'company',
        city: 'Valmiera',
        registration_number: '40003 555 666',
      },
      {
        legal_name: 'Stadin ammatti- ja aikuisopisto',
        country: 'FI',
        kind: 'school',
        city: 'Helsinki',
        registration_number: '',
      },
    ]);
    const contacts = await t.deps.db
      .selectFrom('partner_contacts')
      .select(['name', 'email', 'phone', 'is_primary'])
      .orderBy('name')
      .execute();
    expect(contacts).toEqual([
      { name: 'Sabine Köhler', email: 's.koehler@loewe.example.de', phone: '', is_primary: true },
      { name: 'Ģirts Ķēniņš', email: 'girts@abeles.example.lv', phone: '+371 26 111 222', is_primary: true },
    ]);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'import.applied')
      .where('entity_id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ kind: 'partners', created: 3, skipped: 2 });

    const again = await confirm(batchId);
    expect(again.status).toBe(409);
    expect(again.json().error.fields.file).toBe(
      'Šis fails jau ir importēts. Lai importētu vēlreiz, augšupielādējiet to no jauna.',
    );
    expect(await partnerCount()).toBe(3);
  });

  it('importing the same file again creates nothing: every valid row is unchanged', async () => {
    const preview = (await upload('partners', `\uFEFF${partnersFile}`)).json();
    expect(preview.counts).toEqual({ new: 0, update: 0, unchanged: 3, problems: 2 });
    const res = await confirm(preview.id);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 2 });
    expect(await partnerCount()).toBe(3);
  });

  it('updates what a file changes and adds a new contact, keeping what blank cells leave out', async () => {
    const file = [
      'Name,Registration number,Country,City,Website,Contact name,Contact e-mail',
      '"Stadin ammatti- ja aikuisopisto",,fi,Espoo,stadinao.example.fi,Päivi Järvinen,paivi@stadinao.example.fi',
      '"SIA Ziemelu Abeles",40003555666,LV,,,,',
    ].join('\n');
    const before = await t.deps.db
      .selectFrom('partners')
      .select(['id', 'lock_version'])
      .where('legal_name', '=', 'Stadin ammatti- ja aikuisopisto')
      .executeTakeFirstOrThrow();
    const preview = (await upload('partners', file)).json();
    expect(preview.counts).toEqual({ new: 0, update: 1, unchanged: 1, problems: 0 });
    expect((await confirm(preview.id)).json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const after = await t.deps.db
      .selectFrom('partners')
      .select(['city', 'website', 'lock_version', 'legal_name'])
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({
      city: 'Espoo',
      website: 'https://stadinao.example.fi',
      lock_version: before.lock_version + 1,
      legal_name: 'Stadin ammatti- ja aikuisopisto',
    });
    const latvian = await t.deps.db
      .selectFrom('partners')
      .select(['legal_name', 'city'])
      .where('registration_number', '=', '40003 555 666')
      .executeTakeFirstOrThrow();
    // The same name without diacritics and quotes is not a change: the register keeps its spelling.
    expect(latvian).toEqual({ legal_name: 'SIA „Ziemeļu Ābeles”', city: 'Valmiera' });
    const contacts = await t.deps.db
      .selectFrom('partner_contacts')
      .select(['name', 'is_primary'])
      .where('partner_id', '=', before.id)
      .execute();
    expect(contacts).toEqual([{ name: 'Päivi Järvinen', is_primary: true }]);
  });

  it('reads a Windows-1257 file with every Latvian letter right', async () => {
    const text =
      'Nosaukums;Valsts;Pilsēta;Nozare;Kontaktpersona\r\n' +
      'SIA „Ķēķu Ūdens”;LV;Ērgļi;Āķu, čūsku un ģimeņu žogu ražošana;Ļena Šņore\r\n' +
      'ĀČĒĢĪĶĻŅŠŪŽ SIA;LV;Rīga;āčēģīķļņšūž;Ņina Ķīlīte\r\n';
    const preview = (
      await upload('partners', windows1257(text), { type: 'application/vnd.ms-excel' })
    ).json();
    expect(preview.encoding).toBe('windows-1257');
    expect(preview.counts).toEqual({ new: 2, update: 0, unchanged: 0, problems: 0 });
    expect((await confirm(preview.id)).status).toBe(200);
    const rows = await t.deps.db
      .selectFrom('partners')
      .select(['legal_name', 'city', 'sector'])
      .where('country', '=', 'LV')
      .where('city', 'in', ['Ērgļi', 'Rīga'])
      .orderBy('city')
      .execute();
    expect(rows).toEqual([
      { legal_name: 'ĀČĒĢĪĶĻŅŠŪŽ SIA', city: 'Rīga', sector: 'āčēģīķļņšūž' },
      { legal_name: 'SIA „Ķēķu Ūdens”', city: 'Ērgļi', sector: 'Āķu, čūsku un ģimeņu žogu ražošana' },
    ]);
    const contact = await t.deps.db
      .selectFrom('partner_contacts')
      .select('name')
      .where('name', 'like', 'Ļena%')
      .executeTakeFirstOrThrow();
    expect(contact.name).toBe('Ļena Šņore');
  });
});

describe('what spreadsheet programs write', () => {
  it('takes the separator from an Excel "sep=" line and still counts lines as the file has them', async () => {
    const preview = (
      await upload('partners', 'sep=,\r\nNosaukums,Valsts\r\nSIA Atdalītājs,LV\r\nX,LV\r\n')
    ).json();
    expect(preview.counts).toEqual({ new: 1, update: 0, unchanged: 0, problems: 1 });
    expect(preview.problems.map((p: any) => [p.line, p.field])).toEqual([[4, 'legalName']]);
  });
});

describe('files an import refuses as a whole', () => {
  it('names the missing columns of a wrong header, and the columns it did not recognise', async () => {
    const lv = await upload('partners', 'Uzņēmums;Land;Pilsēta\nA;B;C\n');
    expect(lv.status).toBe(400);
    expect(lv.json().error.fields.file).toBe(
      'Failā trūkst obligāto kolonnu: Nosaukums, Valsts. Nezināmās kolonnas: Uzņēmums, Land.',
    );
    const en = await upload('partners', 'Firma,City\nA,B\n', { lang: 'en' });
    expect(en.json().error.fields.file).toBe(
      'The file lacks required columns: Legal name, Country. Columns not recognised: Firma.',
    );
  });

  it('an empty file, a header without rows, a spreadsheet, a file over 10 MB', async () => {
    const empty = await upload('partners', '');
    expect([empty.status, empty.json().error.fields.file]).toEqual([400, 'Fails ir tukšs.']);
    const blank = await upload('partners', '\r\n\r\n');
    expect(blank.json().error.fields.file).toBe('Fails ir tukšs.');
    const header = await upload('partners', 'Nosaukums;Valsts\r\n');
    expect(header.json().error.fields.file).toBe('Failā ir tikai virsraksta rinda, nav datu rindu.');
    // The start of an .xlsx (a zip) and of a PNG.
    const xlsx = await upload(
      'partners',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08]),
    );
    expect(xlsx.status).toBe(415);
    expect(xlsx.json().error.fields.file).toMatch(/^Tas nav CSV teksta fails/);
    const png = await upload(
      'partners',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      {
        type: 'image/png',
      },
    );
    expect(png.status).toBe(415);
    const big = await upload('partners', `Nosaukums;Valsts\n${'x'.repeat(10 * 1024 * 1024)}`);
    expect(big.status).toBe(413);
    expect(big.json().error.fields.file).toBe('Fails ir lielāks par 10 MB. Sadaliet to vairākos failos.');
  });

  it('an unknown kind is not found; the template names the columns in the reader’s language', async () => {
    expect((await upload('nothing', 'a\nb')).status).toBe(404);
    const template = await t.request('GET', '/api/imports/partners/template.csv', {
      cookie: coordinator,
      headers: { 'accept-language': 'en' },
    });
    expect(template.status).toBe(200);
    expect(template.body.split('\r\n')[0]).toMatch(/^\uFEFFLegal name,Registration number,Country,Type,City/);
  });
});

describe('all or nothing', () => {
  it('a failure while applying leaves nothing written and the batch unapplied', async () => {
    const db = t.deps.db;
    // A database-side refusal half-way through (after the first chunk of 500 is written).
    await sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.legal_name = 'BOOM' then raise exception 'boom'; end if; return new; end $$`.execute(db);
    await sql`create trigger refuse_boom before insert on partners for each row execute function refuse_boom()`.execute(
      db,
    );
    try {
      const lines = ['Nosaukums;Reģistrācijas numurs;Valsts'];
      for (let i = 0; i < 700; i++) lines.push(`${i === 650 ? 'BOOM' : `Atomu SIA ${i}`};${900000 + i};LV`);
      const before = await partnerCountAll();
      const preview = (await upload('partners', lines.join('\n'))).json();
      expect(preview.counts.new).toBe(700);
      const res = await confirm(preview.id);
      expect(res.status).toBe(500);
      expect(await partnerCountAll()).toBe(before);
      const batch = await db
        .selectFrom('import_batches')
        .select('applied_at')
        .where('id', '=', preview.id)
        .executeTakeFirstOrThrow();
      expect(batch.applied_at).toBeNull();
    } finally {
      await sql`drop trigger refuse_boom on partners`.execute(db);
      await sql`drop function refuse_boom()`.execute(db);
    }
  });
});

describe('a 10,000-row file', () => {
  it('previews and applies in one go, in seconds', async () => {
    const lines = [
      'Nosaukums;Reģistrācijas numurs;Valsts;Pilsēta;Nozare;Kontaktpersona;Kontaktpersonas e-pasts',
    ];
    const countries = ['LV', 'DE', 'EE', 'FI', 'ES', 'IT', 'PL'];
    for (let i = 0; i < 10_000; i++) {
      lines.push(
        `SIA „Lielā Ēka ${i}”;${50_000_000 + i};${countries[i % countries.length]};Rīga;Būvniecība;Jānis Bērziņš ${i};janis${i}@eka.example.lv`,
      );
    }
    const file = lines.join('\r\n');
    const before = await partnerCountAll();
    const started = performance.now();
    const res = await upload('partners', file);
    const previewed = performance.now();
    expect(res.status).toBe(200);
    expect(res.json().counts).toEqual({ new: 10_000, update: 0, unchanged: 0, problems: 0 });
    const applied = await confirm(res.json().id);
    const done = performance.now();
    expect(applied.json()).toMatchObject({ created: 10_000, skipped: 0 });
    expect(await partnerCountAll()).toBe(before + 10_000);
    const { n } = await t.deps.db
      .selectFrom('partner_contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', 'janis%@eka.example.lv')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(10_000);
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.info(
      `10,000-row partner import on ${process.env.TILTS_TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ` +
        `preview ${seconds(previewed - started)} s, apply ${seconds(done - previewed)} s`,
    );
    expect(done - started).toBeLessThan(40_000);

    // The same file again: a second preview finds every row, and nothing changes.
    const again = (await upload('partners', file)).json();
    expect(again.counts).toEqual({ new: 0, update: 0, unchanged: 10_000, problems: 0 });
  });
});

async function partnerCountAll(): Promise<number> {
  const { n } = await t.deps.db
    .selectFrom('partners')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Text as a Latvian Windows program saves it (Windows-1257), built from the decoder's own table. */
function windows1257(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1257');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return new Uint8Array(
    [...text].map((ch) => {
      const byte = table.get(ch);
      if (byte === undefined) throw new Error(`no Windows-1257 byte for ${ch}`);
      return byte;
    }),
  );
}
