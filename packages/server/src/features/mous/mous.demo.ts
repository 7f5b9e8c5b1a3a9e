import { randomUUID } from 'node:crypto';
import { addDays, searchKey } from '@tilts/shared';
import type { Trx } from '../../db/context.ts';
import type { MouCatalogueEntry } from '../../db/schema.ts';
import { contentHash, loadMou, loadParties, rigaToday } from './mous.repository.ts';

const text = {
  objectives:
    'Sadarbības ietvars audzēkņu īstermiņa mobilitātei mašīnbūves un metālapstrādes kvalifikācijās: partneri vienojas par sasniedzamajiem mācīšanās rezultātiem, to novērtēšanu un atzīšanu, lai mobilitātē apgūtais tiktu ieskaitīts audzēkņa izglītības programmā.',
  assessment:
    'Mācīšanās rezultātus novērtē uzņemošās organizācijas prakses vadītājs mobilitātes beigās pēc mācību līgumā norādītajiem kritērijiem; novērtējumu apstiprina nosūtošās skolas mentors.',
  documentation:
    'Novērtējumu dokumentē mācību līguma pielikumā un Europass mobilitātes dokumentā; audzēknis ved dienasgrāmatu.',
  validation:
    'Nosūtošā skola validē novērtētos rezultātus 20 darba dienu laikā pēc atgriešanās, salīdzinot tos ar mācību līgumu.',
  recognition:
    'Validētos rezultātus skola atzīst kā programmas moduļa daļu un ieraksta audzēkņa sekmju izrakstā.',
  responsibilities:
    'Nosūtošā skola: mobilitātes koordinators un mentors. Uzņemošā organizācija: prakses vadītājs.',
  evaluation:
    'Partneri sadarbību izvērtē reizi gadā tiešsaistes sanāksmē un vajadzības gadījumā vienojas par memoranda jaunu versiju.',
};

/**
 * The demo school's memoranda: one in force with a partner school that ends within 60 days of
 * `now` (so the coordinator's home page shows it), and one draft with a company.
 */
export async function seedDemoMous(trx: Trx, schoolId: string, now: Date): Promise<number> {
  const today = rigaToday(now);
  const partners = await trx
    .selectFrom('partners')
    .select(['id', 'legal_name', 'country', 'city', 'legal_address', 'website'])
    .where('school_id', '=', schoolId)
    .where('legal_name', 'in', ['Tallinna Tööstushariduskeskus', 'Müller Maschinenbau GmbH'])
    .execute();
  const tallinn = partners.find((p) => p.legal_name === 'Tallinna Tööstushariduskeskus');
  const muller = partners.find((p) => p.legal_name === 'Müller Maschinenbau GmbH');
  const school = await trx
    .selectFrom('schools')
    .select(['name', 'country', 'legal_address'])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  // The catalogue may be seeded too; quote its first qualification and units if so.
  const qualification = await trx
    .selectFrom('qualifications')
    .select(['id', 'code', 'title', 'title_en', 'eqf_level'])
    .where('school_id', '=', schoolId)
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
  const units = qualification
    ? await trx
        .selectFrom('units')
        .select(['id', 'qualification_id', 'code', 'title', 'title_en', 'eqf_level', 'credit_points'])
        .where('qualification_id', '=', qualification.id)
        .orderBy('code')
        .limit(2)
        .execute()
    : [];
  const qualificationEntries: MouCatalogueEntry[] = qualification
    ? [
        {
          id: qualification.id,
          code: qualification.code,
          title: qualification.title,
          titleEn: qualification.title_en,
          eqfLevel: qualification.eqf_level,
        },
      ]
    : [];
  const unitEntries: MouCatalogueEntry[] = units.map((u) => ({
    id: u.id,
    qualificationId: u.qualification_id,
    code: u.code,
    title: u.title,
    titleEn: u.title_en,
    eqfLevel: u.eqf_level,
    creditPoints: String(u.credit_points),
  }));

  const schoolParty = {
    position: 0,
    partner_id: null,
    organisation_name: school.name,
    country: school.country,
    address: school.legal_address,
    phone: '+371 67 000 000',
    website: 'https://demo.tilts.lv',
    contact_name: 'Māris Kalniņš',
    contact_position: 'Mobilitātes koordinators',
    signatory_name: 'Inese Bērziņa',
    signatory_position: 'Direktore',
    signatory_email: 'admin@demo.tilts.lv',
    locale: 'lv' as const,
  };

  let made = 0;
  if (tallinn) {
    const id = randomUUID();
    const signedOn = new Date(`${addDays(today, -300)}T09:30:00Z`);
    await trx
      .insertInto('mous')
      .values({
        id,
        school_id: schoolId,
        series_id: id,
        version: 1,
        title: 'Sadarbība audzēkņu mobilitātē ar Tallinas Industriālās izglītības centru',
        ...text,
        qualification_ids: qualificationEntries.map((q) => q.id),
        unit_ids: unitEntries.map((u) => u.id),
        qualifications: JSON.stringify(qualificationEntries),
        units: JSON.stringify(unitEntries),
        min_duration_days: 14,
        max_duration_days: 60,
        valid_from: addDays(today, -320),
        valid_until: addDays(today, 45),
        search_text: searchKey(`Sadarbība audzēkņu mobilitātē ${school.name} ${tallinn.legal_name}`),
        created_at: signedOn,
        updated_at: signedOn,
      })
      .execute();
    await trx
      .insertInto('mou_parties')
      .values([
        { ...schoolParty, school_id: schoolId, mou_id: id },
        {
          school_id: schoolId,
          mou_id: id,
          position: 1,
          partner_id: tallinn.id,
          organisation_name: tallinn.legal_name,
          country: tallinn.country,
          address: tallinn.legal_address || 'Järvevana tee 9G, 11314 Tallinn',
          phone: '+372 600 0000',
          website: tallinn.website || 'https://www.ttkk.ee',
          contact_name: 'Kadri Tamm',
          contact_position: 'International coordinator',
          signatory_name: 'Andres Kask',
          signatory_position: 'Director',
          signatory_email: 'andres.kask@ttkk.example',
          locale: 'en',
        },
      ])
      .execute();
    const hash = contentHash(await loadMou(trx, schoolId, id), await loadParties(trx, id));
    const parties = await loadParties(trx, id);
    for (const p of parties) {
      const partner = p.partner_id !== null;
      await trx
        .updateTable('mou_parties')
        .set({
          signed_at: new Date(signedOn.getTime() + (partner ? 2 : 0) * 86_400_000),
          signed_name: p.signatory_name,
          signed_position: p.signatory_position,
          signed_email: p.signatory_email,
          sign_method: partner ? 'email_link' : 'in_app',
          signed_hash: hash,
          signed_ip: '127.0.0.1',
        })
        .where('id', '=', p.id)
        .execute();
    }
    await trx
      .updateTable('mous')
      .set({
        status: 'active',
        content_hash: hash,
        sent_at: signedOn,
        activated_at: new Date(signedOn.getTime() + 2 * 86_400_000),
      })
      .where('id', '=', id)
      .execute();
    made++;
  }
  if (muller) {
    const id = randomUUID();
    await trx
      .insertInto('mous')
      .values({
        id,
        school_id: schoolId,
        series_id: id,
        version: 1,
        title: 'Prakses vietas mašīnbūvē Drēzdenē',
        objectives: text.objectives,
        min_duration_days: 21,
        max_duration_days: 89,
        valid_from: addDays(today, 30),
        valid_until: addDays(today, 30 + 3 * 365),
        search_text: searchKey(`Prakses vietas mašīnbūvē Drēzdenē ${school.name} ${muller.legal_name}`),
      })
      .execute();
    await trx
      .insertInto('mou_parties')
      .values([
        { ...schoolParty, school_id: schoolId, mou_id: id },
        {
          school_id: schoolId,
          mou_id: id,
          position: 1,
          partner_id: muller.id,
          organisation_name: muller.legal_name,
          country: muller.country,
          address: muller.legal_address || muller.city,
          website: muller.website,
          locale: 'en',
        },
      ])
      .execute();
    made++;
  }
  return made;
}
