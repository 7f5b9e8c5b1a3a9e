import { defaultCriteria, searchKey } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { createMobilityRules, createProject } from '../../demo/factories.ts';
import { schoolToday } from './calls.repository.ts';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo school's open call: under its Erasmus+ project (made here if it has none), to Dresden and
 * Tallinn, with four applications, two of them interviewed. The demo learner has not applied, so
 * applying can be tried.
 */
export async function seedDemoCalls(db: Kysely<DB>, schoolId: string, now = new Date()): Promise<void> {
  const today = schoolToday(now);
  const year = Number(today.slice(0, 4));
  let project = await db
    .selectFrom('projects')
    .select(['id', 'project_number'])
    .where('school_id', '=', schoolId)
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
  if (!project) {
    const number = `${year}-1-LV01-KA121-VET-000123456`;
    const made = await createProject(db, {
      schoolId,
      callYear: year,
      startDate: `${year}-01-01`,
      endDate: `${year + 1}-12-31`,
      number,
      title: `Prakse Eiropā ${year}`,
    });
    await createMobilityRules(db, schoolId, [year]);
    project = { id: made.id, project_number: number };
  }
  const partners = await db
    .selectFrom('partners')
    .select(['id', 'legal_name', 'country', 'city'])
    .where('school_id', '=', schoolId)
    .where('country', 'in', ['DE', 'EE'])
    .execute();
  const host = (country: string, city: string) =>
    partners.find((p) => p.country === country && p.city === city) ??
    partners.find((p) => p.country === country);
  const title = `Mācību prakse Vācijā un Igaunijā ${year}`;
  const call = await db
    .insertInto('calls')
    .values({
      school_id: schoolId,
      project_id: project.id,
      title,
      description:
        'Divu nedēļu mācību prakse metālapstrādes un mehatronikas uzņēmumos. Ceļa, uzturēšanās un apdrošināšanas izmaksas sedz Erasmus+.',
      criteria_text:
        'Var pieteikties 2. un 3. kursa audzēkņi bez neattaisnotiem kavējumiem. Vērtē iepriekšējo sagatavotību kvalifikācijā, sociālās prasmes, individuālās īpašības un valodas zināšanas; ar katru pretendentu notiek intervija.',
      places: 4,
      opens_on: addDays(today, -7),
      deadline: addDays(today, 21),
      status: 'open',
      criteria: JSON.stringify(
        defaultCriteria.map((c) => (c.key === 'preparation' ? { ...c, weight: 2 } : c)),
      ),
      search_text: searchKey(`${title} ${project.project_number}`),
      opened_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const destinations = [];
  for (const [position, d] of [
    { country: 'DE', city: 'Dresden', places: 2 },
    { country: 'EE', city: 'Tallinn', places: 2 },
  ].entries()) {
    destinations.push(
      await db
        .insertInto('call_destinations')
        .values({
          school_id: schoolId,
          call_id: call.id,
          position,
          country: d.country,
          city: d.city,
          host_partner_id: host(d.country, d.city)?.id ?? null,
          places: d.places,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
  }
  const [dresden, tallinn] = destinations.map((d) => d.id) as [string, string];
  const applicants: { email: string; prefs: string[]; languages: [string, string][]; scores?: number[] }[] = [
    {
      email: 'anna.berzina@audzekni.demo.tilts.lv',
      prefs: [dresden, tallinn],
      languages: [
        ['angļu', 'B2'],
        ['vācu', 'B1'],
      ],
      scores: [9, 8, 8, 8],
    },
    {
      email: 'karlis.ozols@audzekni.demo.tilts.lv',
      prefs: [tallinn],
      languages: [
        ['angļu', 'B1'],
        ['krievu', 'A2'],
      ],
      scores: [7, 9, 8, 6],
    },
    { email: 'eliza.kalnina@audzekni.demo.tilts.lv', prefs: [dresden], languages: [['vācu', 'A2']] },
    { email: 'girts.zarins@audzekni.demo.tilts.lv', prefs: [tallinn, dresden], languages: [['angļu', 'C1']] },
  ];
  const interviewer = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('school_id', '=', schoolId)
    .where('role', '=', 'teacher')
    .executeTakeFirst();
  for (const [i, a] of applicants.entries()) {
    const learner = await db.selectFrom('users').select('id').where('email', '=', a.email).executeTakeFirst();
    if (!learner) continue;
    const application = await db
      .insertInto('call_applications')
      .values({
        school_id: schoolId,
        call_id: call.id,
        learner_id: learner.id,
        motivation:
          'Vēlos praksē apgūt mūsdienīgas ražošanas tehnoloģijas, uzlabot valodas prasmes un iepazīt citas valsts darba kultūru.',
        languages: JSON.stringify(a.languages.map(([language, level]) => ({ language, level }))),
        consent_data: true,
        consent_photos: i % 2 === 0,
        submitted_at: new Date(now.getTime() - (6 - i) * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('call_application_destinations')
      .values(
        a.prefs.map((destination_id, p) => ({
          school_id: schoolId,
          application_id: application.id,
          destination_id,
          preference: p + 1,
        })),
      )
      .execute();
    if (a.scores) {
      const [preparation, social, individual, language] = a.scores;
      await db
        .insertInto('call_interviews')
        .values({
          school_id: schoolId,
          application_id: application.id,
          interviewer_id: interviewer?.user_id ?? null,
          interview_date: addDays(today, -1),
          scores: JSON.stringify({ preparation, social, individual, language }),
          notes: 'Labi sagatavojies, pārliecinoša motivācija.',
        })
        .execute();
    }
  }
}
