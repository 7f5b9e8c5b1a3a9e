import { addDays, type FaqAudience, type SupportTopic, searchKey } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { DB, OutcomeKind } from '../../db/schema.ts';

/**
 * A unit of learning outcomes with its outcomes, under a qualification found by code or made here;
 * the demo, the tests and the self-assessment need a placement with outcomes to assess.
 */
export async function createUnitWithOutcomes(
  db: Kysely<DB>,
  schoolId: string,
  values: {
    qualificationCode: string;
    qualificationTitle: string;
    unitCode: string;
    unitTitle: string;
    outcomes: { kind: OutcomeKind; text: string }[];
  },
) {
  const existing = await db
    .selectFrom('qualifications')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('code', '=', values.qualificationCode)
    .executeTakeFirst();
  const qualification =
    existing ??
    (await db
      .insertInto('qualifications')
      .values({
        school_id: schoolId,
        code: values.qualificationCode,
        title: values.qualificationTitle,
        eqf_level: 4,
        lki_level: 4,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  const unit = await db
    .insertInto('units')
    .values({
      school_id: schoolId,
      qualification_id: qualification.id,
      code: values.unitCode,
      title: values.unitTitle,
      eqf_level: 4,
      credit_points: 3,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const outcomeIds: string[] = [];
  for (const [position, o] of values.outcomes.entries()) {
    const row = await db
      .insertInto('learning_outcomes')
      .values({ school_id: schoolId, unit_id: unit.id, position, kind: o.kind, text: o.text })
      .returning('id')
      .executeTakeFirstOrThrow();
    outcomeIds.push(row.id);
  }
  return { qualificationId: qualification.id, unitId: unit.id, outcomeIds };
}

/** Adds a unit to a placement's units (after those it has). */
export async function addPlacementUnit(
  db: Kysely<DB>,
  schoolId: string,
  placementId: string,
  unitId: string,
) {
  const { n } = await db
    .selectFrom('placement_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('placement_id', '=', placementId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('placement_units')
    .values({ school_id: schoolId, placement_id: placementId, unit_id: unitId, position: Number(n) })
    .execute();
}

/** A FAQ entry as the service writes it (search text included). */
export async function insertFaq(
  db: Kysely<DB>,
  schoolId: string,
  values: {
    audience: FaqAudience;
    topic: SupportTopic;
    locale: 'lv' | 'en';
    question: string;
    answer: string;
    createdBy?: string | null;
    published?: boolean;
  },
) {
  const row = await db
    .insertInto('faq_entries')
    .values({
      school_id: schoolId,
      audience: values.audience,
      topic: values.topic,
      locale: values.locale,
      question: values.question,
      answer: values.answer,
      published: values.published ?? true,
      search_text: searchKey(`${values.question} ${values.answer}`),
      created_by: values.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const demoFaq: {
  audience: FaqAudience;
  topic: SupportTopic;
  lv: [string, string];
  en: [string, string];
}[] = [
  {
    audience: 'learners',
    topic: 'diary',
    lv: [
      'Ko darīt, ja prakses vadītājs neapstiprina manu dienasgrāmatu?',
      'Vispirms pārbaudiet, vai ieraksti ir iesniegti (nevis melnrakstā). Ja nedēļas laikā apstiprinājuma nav, uzrakstiet prakses sarakstē: ziņa aizies arī prakses vadītājam uz e-pastu ar saiti, kurai konts nav vajadzīgs. Ja tas nelīdz, nospiediet “Vajag palīdzību” un izvēlieties “Man vajag savu mentoru”.',
    ],
    en: [
      'What do I do if my supervisor does not confirm my diary?',
      'First check that your entries are submitted (not drafts). If a week passes without a confirmation, write in the placement’s messages: the supervisor receives them by e-mail with a link that needs no account. If that does not help, press “Need help” and choose “I need my mentor”.',
    ],
  },
  {
    audience: 'learners',
    topic: 'illness',
    lv: [
      'Kā ziņot par slimību prakses laikā?',
      'Tās pašas dienas rītā piezvaniet prakses vadītājam uzņēmumā un uzrakstiet prakses sarakstē, lai ziņu redz arī skolas mentors. Ja slimojat ilgāk par trim dienām, vajadzīga ārsta zīme; nokavētās stundas saskaņojiet ar mentoru.',
    ],
    en: [
      'How do I report illness during the placement?',
      'On the morning of the same day, phone your workplace supervisor and write in the placement’s messages so that your school mentor sees it too. If you are ill for more than three days you need a doctor’s note; agree how to make up the missed hours with your mentor.',
    ],
  },
  {
    audience: 'learners',
    topic: 'insurance',
    lv: [
      'Vai man vajag apdrošināšanu praksei ārzemēs?',
      'Jā. Erasmus+ mobilitātē skola nodrošina veselības, nelaimes gadījumu un civiltiesiskās atbildības apdrošināšanu; polises numurs ir mācību līgumā. Paņemiet līdzi arī Eiropas veselības apdrošināšanas karti (EVAK).',
    ],
    en: [
      'Do I need insurance for a placement abroad?',
      'Yes. For an Erasmus+ mobility the school provides health, accident and liability insurance; the policy number is in your learning agreement. Take your European Health Insurance Card (EHIC) with you as well.',
    ],
  },
  {
    audience: 'mentors',
    topic: 'supervisor',
    lv: [
      'Kā sazināties ar prakses vadītāju, kuram nav konta?',
      'Rakstiet prakses sarakstē. Prakses vadītājs saņem e-pastu savā valodā ar saiti, pa kuru var izlasīt sarakstu, atbildēt un iepazīstināt ar sevi bez konta.',
    ],
    en: [
      'How do I reach a workplace supervisor who has no account?',
      'Write in the placement’s messages. The supervisor receives an e-mail in their language with a link to read the thread, reply and introduce themselves, without an account.',
    ],
  },
  {
    audience: 'teachers',
    topic: 'assessment',
    lv: [
      'Kur redzu audzēkņa pašvērtējumu?',
      'Prakses lapas cilnē “Mērķi” redzami audzēkņa paša mērķi un pašvērtējums pret prakses mācību rezultātiem. Pedagogs tos tikai lasa; vērtējumu dod uzņēmums un skola.',
    ],
    en: [
      'Where do I see a learner’s self-assessment?',
      'On the placement page, the “Goals” tab shows the learner’s own goals and self-assessment against the placement’s learning outcomes. Teachers read them only; the host and the school assess.',
    ],
  },
  {
    audience: 'school',
    topic: 'platform',
    lv: [
      'Kas atbild uz tehniskā atbalsta pieprasījumiem?',
      'Pieprasījumus ar kategoriju “Tehniska problēma” redz un saņem e-pastā visi skolas administratori. Atskaite “Biežākās tēmas” rāda, par ko jautā visvairāk.',
    ],
    en: [
      'Who answers technical support requests?',
      'Requests in the category “Technical problem” go to every administrator of the school, who also receive them by e-mail. The “Most asked topics” report shows what people ask about most.',
    ],
  },
];

/**
 * The demo school's support data: the demo learner's internship has an intake, introductions, a
 * thread, units with outcomes, goals and a self-assessment; the FAQ has entries for every audience in
 * both languages; a project forum has an answered question; the learner has asked their mentor for help.
 */
export async function seedDemoSupport(db: Kysely<DB>, schoolId: string, today: string) {
  const person = async (email: string) =>
    db
      .selectFrom('users')
      .select(['id', 'given_name', 'family_name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  const learner = await person('audzeknis@demo.tilts.lv');
  const mentor = await person('pedagogs@demo.tilts.lv');
  const coordinator = await person('koordinators@demo.tilts.lv');
  const name = (u: { given_name: string; family_name: string }) => `${u.given_name} ${u.family_name}`;
  const placement = await db
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .select(['p.id', 'p.start_date', 'p.end_date', 'p.supervisor_email', 'p.supervisor_name'])
    .where('p.school_id', '=', schoolId)
    .where('pp.user_id', '=', learner.id)
    .where('p.status', '=', 'in_progress')
    .executeTakeFirstOrThrow();
  const at = (daysFromToday: number, hour: number) =>
    new Date(`${addDays(today, daysFromToday)}T${String(hour).padStart(2, '0')}:00:00Z`);
  const start = placement.start_date;

  await db
    .insertInto('placement_intakes')
    .values({
      school_id: schoolId,
      placement_id: placement.id,
      learner_id: learner.id,
      prior_knowledge:
        'Esmu ierīkojis mājas tīklu un skolā salicis divus datorus. Linux pazīstu no mācībām, Windows Server vēl ne.',
      social_environment:
        'Dzīvoju pie vecākiem Ogrē, uz Rīgu braucu ar vilcienu (~50 min). Vakaros strādāju veikalā divas reizes nedēļā.',
      expectations: 'Gribu redzēt īstu uzņēmuma IT infrastruktūru un iemācīties ierīkot tīklu no nulles.',
      needs: 'Būtu labi, ja darba diena sāktos ne agrāk par 8.30 vilciena dēļ.',
      preferred_channels: ['messages', 'phone'],
      created_at: new Date(`${addDays(start, -10)}T18:00:00Z`),
      updated_at: new Date(`${addDays(start, -10)}T18:00:00Z`),
    })
    .execute();

  const supervisorKey = `supervisor:${placement.supervisor_email.toLowerCase()}`;
  const introductions = [
    {
      author_key: learner.id,
      author_id: learner.id,
      author_name: name(learner),
      author_role: 'learner' as const,
      body: 'Sveiki! Esmu Jānis, 3. kursa datorsistēmu tehniķis. Mani interesē tīkli un serveri; brīvajā laikā spēlēju basketbolu.',
    },
    {
      author_key: mentor.id,
      author_id: mentor.id,
      author_name: name(mentor),
      author_role: 'mentor' as const,
      body: 'Labdien! Esmu Gunta, jūsu skolas mentore un datortīklu pasniedzēja. Sazināmies sarakstē; uz jautājumiem atbildu darba dienās līdz vakaram.',
    },
    {
      author_key: supervisorKey,
      author_id: null,
      author_name: placement.supervisor_name,
      author_role: 'supervisor' as const,
      body: 'Sveicināti! Esmu Ģirts, IT nodaļas vadītājs. Pirmajā dienā tiekamies pie reģistratūras 8.45; līdzi jābūt personu apliecinošam dokumentam.',
    },
  ];
  for (const [i, intro] of introductions.entries()) {
    await db
      .insertInto('placement_introductions')
      .values({
        ...intro,
        school_id: schoolId,
        placement_id: placement.id,
        created_at: new Date(`${addDays(start, -7 + i)}T10:00:00Z`),
        updated_at: new Date(`${addDays(start, -7 + i)}T10:00:00Z`),
      })
      .execute();
  }

  const messages = [
    {
      key: learner.id,
      id: learner.id,
      name: name(learner),
      role: 'learner' as const,
      body: 'Labdien! Vai pirmajā dienā jāņem līdzi savs klēpjdators?',
      at: at(-22, 16),
    },
    {
      key: supervisorKey,
      id: null,
      name: placement.supervisor_name,
      role: 'supervisor' as const,
      body: 'Nē, darba datoru saņemsiet uz vietas. Paņemiet tikai apavus maiņai un personu apliecinošu dokumentu.',
      at: at(-22, 18),
    },
    {
      key: mentor.id,
      id: mentor.id,
      name: name(mentor),
      role: 'mentor' as const,
      body: 'Paldies! Jāni, pēc pirmās nedēļas lūdzu ieraksti dienasgrāmatā arī darba drošības instruktāžu.',
      at: at(-15, 9),
    },
    {
      key: learner.id,
      id: learner.id,
      name: name(learner),
      role: 'learner' as const,
      body: 'Ierakstīju. Šonedēļ kopā ar kolēģi ierīkojām jaunu komutatoru 2. stāvā.',
      at: at(-2, 17),
    },
  ];
  for (const m of messages) {
    await db
      .insertInto('placement_messages')
      .values({
        school_id: schoolId,
        placement_id: placement.id,
        author_key: m.key,
        author_id: m.id,
        author_name: m.name,
        author_role: m.role,
        body: m.body,
        created_at: m.at,
      })
      .execute();
  }
  // The learner and the supervisor have read everything; the mentor has the learner's last message waiting.
  const seqs = await db
    .selectFrom('placement_messages')
    .select('seq')
    .where('placement_id', '=', placement.id)
    .orderBy('seq')
    .execute();
  const last = Number(seqs.at(-1)!.seq);
  for (const [key, seq] of [
    [learner.id, last],
    [supervisorKey, last],
    [mentor.id, Number(seqs.at(-2)!.seq)],
  ] as const) {
    await db
      .insertInto('placement_thread_readers')
      .values({
        school_id: schoolId,
        placement_id: placement.id,
        reader_key: key,
        last_read_seq: seq,
        last_read_at: at(-2, 18),
      })
      .execute();
  }

  // Self-assessment is against the outcomes of the placement's units; the demo gives the internship
  // one unit of its own only when nothing else (the learning agreement's demo) gave it units.
  let outcomeIds = (
    await db
      .selectFrom('placement_units as pu')
      .innerJoin('learning_outcomes as o', 'o.unit_id', 'pu.unit_id')
      .select('o.id')
      .where('pu.placement_id', '=', placement.id)
      .orderBy('pu.position')
      .orderBy('o.position')
      .execute()
  ).map((o) => o.id);
  if (outcomeIds.length === 0) {
    const created = await createUnitWithOutcomes(db, schoolId, {
      qualificationCode: 'DEMO-DST',
      qualificationTitle: 'Datorsistēmu tehniķis',
      unitCode: 'DST-TIK',
      unitTitle: 'Datortīklu ierīkošana un uzturēšana',
      outcomes: [
        { kind: 'knowledge', text: 'Izprot lokālā tīkla uzbūvi un IP adresāciju.' },
        { kind: 'skills', text: 'Ierīko un konfigurē komutatoru un bezvadu piekļuves punktu.' },
        { kind: 'skills', text: 'Pārbauda tīkla darbību un dokumentē to protokolā.' },
        {
          kind: 'responsibility_autonomy',
          text: 'Patstāvīgi ievēro darba drošības un datu aizsardzības prasības.',
        },
      ],
    });
    await addPlacementUnit(db, schoolId, placement.id, created.unitId);
    outcomeIds = created.outcomeIds;
  }
  const goals = [
    {
      text: 'Patstāvīgi ierīkot vienu biroja tīkla segmentu',
      target: addDays(start, 35),
      status: 'in_progress',
    },
    {
      text: 'Iemācīties Windows Server pamatus (lietotāji, grupu politikas)',
      target: addDays(start, 50),
      status: 'planned',
    },
    { text: 'Katru piektdienu aizpildīt dienasgrāmatu', target: null, status: 'achieved' },
  ] as const;
  for (const g of goals) {
    await db
      .insertInto('learner_goals')
      .values({
        school_id: schoolId,
        placement_id: placement.id,
        learner_id: learner.id,
        text: g.text,
        target_date: g.target,
        status: g.status,
        created_at: new Date(`${start}T12:00:00Z`),
        updated_at: at(-3, 12),
      })
      .execute();
  }
  const levels = [
    ['achieved', 'Skolā apgūts, praksē nostiprināts.'],
    ['partly', 'Komutatoru ierīkoju kopā ar kolēģi; piekļuves punktu vēl ne.'],
    ['not_yet', ''],
  ] as const;
  for (const [i, [level, comment]] of levels.entries()) {
    await db
      .insertInto('outcome_self_assessments')
      .values({
        school_id: schoolId,
        placement_id: placement.id,
        learner_id: learner.id,
        outcome_id: outcomeIds[i]!,
        level,
        comment,
        updated_at: at(-3, 12),
      })
      .execute();
  }

  for (const entry of demoFaq) {
    for (const locale of ['lv', 'en'] as const) {
      const [question, answer] = entry[locale];
      await insertFaq(db, schoolId, {
        audience: entry.audience,
        topic: entry.topic,
        locale,
        question,
        answer,
        createdBy: coordinator.id,
      });
    }
  }

  const project = await db
    .selectFrom('projects')
    .select('id')
    .where('school_id', '=', schoolId)
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
  if (project) {
    const asker = await db
      .selectFrom('placements as p')
      .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
      .select('pp.user_id')
      .where('p.project_id', '=', project.id)
      .where('pp.role', '=', 'learner')
      .executeTakeFirst();
    const question = await db
      .insertInto('forum_questions')
      .values({
        school_id: schoolId,
        project_id: project.id,
        author_id: asker?.user_id ?? learner.id,
        topic: 'money',
        title: 'Kad izmaksās stipendiju mobilitātei Vācijā?',
        body: 'Sveiki! Vai stipendiju pārskaitīs pirms izbraukšanas vai tikai pēc atgriešanās? Un vai var saņemt daļu skaidrā naudā?',
        search_text: searchKey(
          'Kad izmaksās stipendiju mobilitātei Vācijā? Vai stipendiju pārskaitīs pirms izbraukšanas vai tikai pēc atgriešanās?',
        ),
        created_at: at(-6, 11),
        updated_at: at(-5, 9),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answer = await db
      .insertInto('forum_answers')
      .values({
        school_id: schoolId,
        question_id: question.id,
        author_id: mentor.id,
        body: '80 % stipendijas pārskaitām uz jūsu kontu nedēļu pirms izbraukšanas, atlikušos 20 % pēc tam, kad iesniegts dalībnieka ziņojums. Skaidrā naudā neizmaksājam.',
        created_at: at(-5, 9),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('forum_questions')
      .set({ accepted_answer_id: answer.id })
      .where('id', '=', question.id)
      .execute();
  }

  const ticket = await db
    .insertInto('help_tickets')
    .values({
      school_id: schoolId,
      asker_id: learner.id,
      category: 'mentor',
      topic: 'tasks',
      placement_id: placement.id,
      assignee_id: mentor.id,
      subject: 'Nepaspēšu uzdevumu līdz termiņam',
      body: 'Tīkla ierīkošana birojā aizkavējās, jo vēl nav atvestas iekārtas. Vai varu uzdevumu iesniegt nedēļu vēlāk?',
      status: 'answered',
      created_at: at(-4, 15),
      updated_at: at(-4, 19),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('help_ticket_replies')
    .values({
      school_id: schoolId,
      ticket_id: ticket.id,
      author_id: mentor.id,
      body: 'Jā, pagarinu termiņu par nedēļu. Dienasgrāmatā ieraksti, kāpēc aizkavējās.',
      created_at: at(-4, 19),
    })
    .execute();
}
