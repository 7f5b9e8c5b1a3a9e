import { addDays, exampleGrantRules, searchKey } from '@tilts/shared';
import type { Insertable, Kysely } from 'kysely';
import type { DB, PlacementsTable } from '../db/schema.ts';
import { createMobilityRules } from './factories.ts';

type PlacementValues = Omit<Insertable<PlacementsTable>, 'school_id' | 'search_text'>;

/** Inserts a placement with its participants the way the service stores it (search text included). */
export async function insertPlacement(
  db: Kysely<DB>,
  schoolId: string,
  values: PlacementValues,
  participants: { userId: string; role: 'learner' | 'staff' | 'accompanying'; name: string }[],
  hostName = '',
) {
  const { id } = await db
    .insertInto('placements')
    .values({
      ...values,
      school_id: schoolId,
      search_text: searchKey(
        [
          values.title,
          hostName,
          ...participants.map((p) => p.name),
          values.supervisor_name,
          values.destination_city,
        ]
          .filter(Boolean)
          .join(' '),
      ),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (participants.length) {
    await db
      .insertInto('placement_participants')
      .values(
        participants.map((p) => ({ school_id: schoolId, placement_id: id, user_id: p.userId, role: p.role })),
      )
      .execute();
  }
  return id;
}

/**
 * The demo school's projects, programmes and placements, dated around today so that the home pages
 * always have something starting soon, something running and something missing.
 */
export async function seedDemoPlacements(db: Kysely<DB>, schoolId: string, today: string) {
  const year = Number(today.slice(0, 4));
  await createMobilityRules(db, schoolId, [year - 1, year, year + 1]);
  const users = await db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.given_name', 'u.family_name', 'm.role'])
    .where('m.school_id', '=', schoolId)
    .orderBy('u.family_name')
    .execute();
  const byEmail = (email: string) => users.find((u) => u.email === email)!;
  const person = (
    u: { id: string; given_name: string; family_name: string },
    role: 'learner' | 'staff' | 'accompanying',
  ) => ({
    userId: u.id,
    role,
    name: `${u.given_name} ${u.family_name}`,
  });
  const learner = byEmail('audzeknis@demo.tilts.lv');
  const teacher = byEmail('pedagogs@demo.tilts.lv');
  const others = users.filter((u) => u.role === 'learner' && u.id !== learner.id);
  const partners = await db
    .selectFrom('partners')
    .select(['id', 'legal_name', 'country', 'city'])
    .where('school_id', '=', schoolId)
    .execute();
  const partner = (name: string) => partners.find((p) => p.legal_name.includes(name))!;

  const project = await db
    .insertInto('projects')
    .values({
      school_id: schoolId,
      action: 'KA121',
      call_year: year - 1,
      project_number: `${year - 1}-1-LV01-KA121-VET-000099123`,
      title: 'Prakse Eiropā: tehniķi un pavāri',
      budget_eur: 186_400,
      start_date: `${year - 1}-06-01`,
      end_date: `${year + 1}-08-31`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('grant_rule_sets')
    .values({
      school_id: schoolId,
      call_year: year - 1,
      valid_from: `${year - 1}-06-01`,
      valid_to: `${year + 1}-12-31`,
      is_example: true,
      rules: JSON.stringify(exampleGrantRules),
    })
    .execute();
  const internship = await db
    .insertInto('programmes')
    .values({
      school_id: schoolId,
      kind: 'internship',
      title: 'Kvalifikācijas prakse: datorsistēmu tehniķis',
      hours: 480,
      start_date: addDays(today, -120),
      end_date: addDays(today, 150),
      task_template: JSON.stringify([
        { title: 'Darba drošības instruktāža', description: 'Instruktāžas lapa ar parakstu', dueDay: 2 },
        { title: 'Uzņēmuma IT infrastruktūras apraksts', description: 'Ne vairāk kā 2 lappuses', dueDay: 14 },
        { title: 'Tīkla ierīkošana birojā', description: 'Shēma un pārbaudes protokols', dueDay: 35 },
        { title: 'Prakses atskaite', description: 'Noslēguma atskaite un prezentācija', dueDay: 60 },
      ]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('programmes')
    .values({
      school_id: schoolId,
      kind: 'dvb',
      title: 'DVB: pavārs (3. kursa individuālais plāns)',
      hours: 640,
      start_date: addDays(today, -30),
      end_date: addDays(today, 240),
    })
    .execute();

  const builder = partner('Būvmeistars');
  const muller = partner('Müller');
  const tallinn = partner('Tallinna');
  const hotels = partner('Kurzemes');
  const add = (
    values: Parameters<typeof insertPlacement>[2],
    people: ReturnType<typeof person>[],
    host: { legal_name: string } | undefined,
  ) => insertPlacement(db, schoolId, values, people, host?.legal_name ?? '');

  await add(
    {
      kind: 'internship',
      title: `${learner.given_name} ${learner.family_name} — ${builder.legal_name}`,
      programme_id: internship.id,
      host_partner_id: builder.id,
      destination_country: 'LV',
      destination_city: builder.city,
      supervisor_name: 'Ģirts Šņore',
      supervisor_position: 'IT nodaļas vadītājs',
      supervisor_email: 'prakses.vaditajs@demo.tilts.lv',
      mentor_id: teacher.id,
      start_date: addDays(today, -21),
      end_date: addDays(today, 42),
      planned_hours: 480,
      insurance: 'Nav obligāta (MK noteikumi Nr. 481)',
      status: 'in_progress',
    },
    [person(learner, 'learner')],
    builder,
  );
  await add(
    {
      kind: 'erasmus',
      activity_type: 'short_term_learner',
      title: `${others[0]!.given_name} ${others[0]!.family_name} — ${muller.legal_name}`,
      project_id: project.id,
      host_partner_id: muller.id,
      destination_country: muller.country,
      destination_city: muller.city,
      supervisor_name: 'Hans Müller',
      supervisor_position: 'Ausbildungsleiter',
      supervisor_email: 'h.mueller@example.de',
      mentor_id: teacher.id,
      start_date: addDays(today, 10),
      end_date: addDays(today, 30),
      travel_days: 2,
      purpose: 'programme_module',
      status: 'planned',
    },
    [person(others[0]!, 'learner')],
    muller,
  );
  await add(
    {
      kind: 'erasmus',
      activity_type: 'group_mobility',
      title: `Grupa uz Tallinu: ${tallinn.legal_name}`,
      project_id: project.id,
      host_partner_id: tallinn.id,
      destination_country: tallinn.country,
      destination_city: tallinn.city,
      supervisor_name: 'Kadri Tamm',
      supervisor_email: 'kadri.tamm@example.ee',
      mentor_id: teacher.id,
      start_date: addDays(today, 45),
      end_date: addDays(today, 56),
      travel_days: 2,
      green_travel: true,
      insurance: 'BTA grupas ceļojuma polise Nr. 2026-4471',
      purpose: 'innovation',
      status: 'draft',
    },
    [
      person(others[1]!, 'learner'),
      person(others[2]!, 'learner'),
      person(others[3]!, 'learner'),
      person(teacher, 'accompanying'),
    ],
    tallinn,
  );
  await add(
    {
      kind: 'virtual_internship',
      title: `${others[4]!.given_name} ${others[4]!.family_name} — virtuālā prakse`,
      host_partner_id: hotels.id,
      destination_country: 'LV',
      destination_city: hotels.city,
      supervisor_name: 'Līga Krūmiņa',
      supervisor_email: 'liga.krumina@example.lv',
      mentor_id: teacher.id,
      start_date: addDays(today, -7),
      end_date: addDays(today, 50),
      mode: 'virtual',
      comm_channels: ['Teams', 'e-pasts'],
      comm_every_days: 3,
      comm_weekly_hours: 20,
      comm_who: 'Audzēknis, prakses vadītāja un skolas mentors',
      insurance: 'Nav vajadzīga (attālināti)',
      status: 'in_progress',
    },
    [person(others[4]!, 'learner')],
    hotels,
  );
  await add(
    {
      kind: 'internship',
      title: `${others[5]!.given_name} ${others[5]!.family_name} — ${hotels.legal_name}`,
      programme_id: internship.id,
      host_partner_id: hotels.id,
      destination_country: 'LV',
      destination_city: hotels.city,
      supervisor_name: 'Līga Krūmiņa',
      mentor_id: teacher.id,
      start_date: addDays(today, -110),
      end_date: addDays(today, -20),
      insurance: 'Nav obligāta',
      status: 'completed',
    },
    [person(others[5]!, 'learner')],
    hotels,
  );
  await add(
    {
      kind: 'dvb',
      title: `${others[6]!.given_name} ${others[6]!.family_name} — DVB ${hotels.legal_name}`,
      host_partner_id: hotels.id,
      destination_country: 'LV',
      destination_city: hotels.city,
      start_date: addDays(today, 5),
      end_date: addDays(today, 200),
      status: 'draft',
    },
    [person(others[6]!, 'learner')],
    hotels,
  );
  await add(
    {
      kind: 'erasmus',
      activity_type: 'short_term_learner',
      title: `${others[7]!.given_name} ${others[7]!.family_name} — ${muller.legal_name}`,
      project_id: project.id,
      host_partner_id: muller.id,
      destination_country: muller.country,
      destination_city: muller.city,
      start_date: addDays(today, 20),
      end_date: addDays(today, 40),
      status: 'cancelled',
      status_reason: 'Audzēknis atteicās ģimenes apstākļu dēļ; vietu piedāvā rezerves sarakstā pirmajam.',
    },
    [person(others[7]!, 'learner')],
    muller,
  );
  return { projectId: project.id, placements: 7 };
}
