import { addDays, dayNumber } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

const work = [
  'Ierīkoju darba vietu: dators, piekļuves, drošības instruktāža.',
  'Kopā ar prakses vadītāju pārbaudīju biroja tīkla komutatorus un pierakstīju to konfigurāciju.',
  'Saliku divus jaunus datorus un uzinstalēju operētājsistēmu no attēla.',
  'Nomainīju tīkla kabeļus serveru telpā, marķēju tos pēc shēmas.',
  'Palīdzēju lietotājiem ar printeru iestatījumiem; uzrakstīju īsu instrukciju.',
  'Konfigurēju VLAN testa komutatorā un pārbaudīju savienojumu starp segmentiem.',
  'Atjaunināju programmatūru 12 datoros, pierakstīju problēmas.',
  'Piedalījos rezerves kopiju atjaunošanas mēģinājumā.',
];
const reflections = [
  'Sapratu, cik svarīga ir dokumentācija: bez shēmas kabeļus nevarētu atrast.',
  'VLAN nebija tik vienkārši kā skolā: vajadzēja jautāt padomu.',
  '',
];

/**
 * The demo learner's diary on their running internship: weekdays from the start until yesterday,
 * the older ones confirmed by the supervisor, one returned with a comment, the mentor's comment,
 * and the contacts so far.
 */
export async function seedDemoDiary(db: Kysely<DB>, schoolId: string, today: string) {
  const learner = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'audzeknis@demo.tilts.lv')
    .executeTakeFirst();
  const mentor = await db
    .selectFrom('users')
    .select(['id', 'given_name', 'family_name'])
    .where('email', '=', 'pedagogs@demo.tilts.lv')
    .executeTakeFirst();
  if (!learner || !mentor) return;
  const placement = await db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .select(['p.id', 'p.start_date', 'p.end_date', 'p.supervisor_name'])
    .where('p.school_id', '=', schoolId)
    .where('pp.user_id', '=', learner.id)
    .where('p.status', '=', 'in_progress')
    .executeTakeFirst();
  if (!placement) return;
  const days: string[] = [];
  for (let d = placement.start_date; d < today && d <= placement.end_date; d = addDays(d, 1)) {
    const weekday = (((dayNumber(d) + 3) % 7) + 7) % 7;
    if (weekday < 5) days.push(d);
  }
  const recent = days.slice(-12);
  if (recent.length === 0) return;
  const rows = recent.map((entryDate, i) => {
    const old = i < recent.length - 4;
    const returned = i === recent.length - 3;
    return {
      school_id: schoolId,
      placement_id: placement.id,
      learner_id: learner.id,
      entry_date: entryDate,
      hours: i % 3 === 0 ? 7.5 : 8,
      work_done: work[i % work.length]!,
      reflection: reflections[i % reflections.length]!,
      status: old ? ('confirmed' as const) : returned ? ('returned' as const) : ('submitted' as const),
      supervisor_comment: returned ? 'Lūdzu, pieraksti arī, kuros datoros bija problēmas.' : '',
      reviewed_at: old || returned ? new Date(`${addDays(entryDate, 2)}T12:00:00Z`) : null,
      reviewed_by_name: old || returned ? placement.supervisor_name : '',
      created_at: new Date(`${entryDate}T16:00:00Z`),
      updated_at: new Date(`${entryDate}T16:00:00Z`),
    };
  });
  const inserted = await db
    .insertInto('diary_entries')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'entry_date'])
    .execute();
  const first = inserted[0];
  if (first) {
    await db
      .insertInto('diary_comments')
      .values({
        school_id: schoolId,
        entry_id: first.id,
        author_id: mentor.id,
        author_name: `${mentor.given_name} ${mentor.family_name}`,
        body: 'Labs sākums! Nākamreiz pieraksti arī, ko jaunu uzzināji par uzņēmuma tīklu.',
        created_at: new Date(`${addDays(first.entry_date, 1)}T09:00:00Z`),
      })
      .execute();
  }
  await db
    .insertInto('placement_contacts')
    .values([
      {
        school_id: schoolId,
        placement_id: placement.id,
        contact_date: placement.start_date,
        channel: 'visit',
        participants: `${mentor.given_name} ${mentor.family_name}, audzēknis, ${placement.supervisor_name}`,
        notes: 'Pirmās dienas vizīte: apskatījām darba vietu un vienojāmies par uzdevumiem.',
        recorded_by: mentor.id,
      },
      {
        school_id: schoolId,
        placement_id: placement.id,
        contact_date: recent[Math.max(0, recent.length - 6)]!,
        channel: 'phone',
        participants: `${mentor.given_name} ${mentor.family_name}, audzēknis`,
        notes: 'Viss kārtībā; audzēknis lūdz vairāk darba ar serveriem.',
        recorded_by: mentor.id,
      },
    ])
    .execute();
}
