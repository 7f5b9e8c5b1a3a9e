import { type AgreementParty, addDays, requiredParties } from '@tilts/shared';
import type { Kysely } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import {
  buildContent,
  contentHash,
  defaultEditable,
  type Editable,
  loadLearners,
  loadSources,
} from './agreements.content.ts';

export interface InsertAgreementOptions {
  schoolId: string;
  placementId: string;
  learnerId: string;
  /** Who drafts it (and signs for the school when it is signed). */
  by: { userId: string; email: string; name: string };
  /** Every party has signed at this time; without it the agreement stays a draft. */
  signedAt?: Date;
  edit?: (e: Editable) => Editable;
}

/**
 * An agreement as the app would make it, drafted or signed by every party, without the e-mails: the
 * demo school, tests that need a signed agreement before the start, and the benchmark use it.
 */
export async function insertAgreement(trx: Trx, o: InsertAgreementOptions): Promise<string> {
  const actor: Actor & { name: string } = {
    userId: o.by.userId,
    email: o.by.email,
    schoolId: o.schoolId,
    role: 'coordinator',
    locale: 'lv',
    name: o.by.name,
  };
  const sources = await loadSources(trx, o.placementId);
  const [learner] = await loadLearners(trx, o.placementId, [o.learnerId]);
  if (!learner) throw new Error('not a learner of this placement');
  const base = defaultEditable(sources, actor);
  const editable = o.edit ? o.edit(base) : base;
  const content = buildContent(sources, learner, editable);
  const hash = contentHash(content);
  const signed = o.signedAt;
  const { id } = await trx
    .insertInto('agreements')
    .values({
      school_id: o.schoolId,
      placement_id: o.placementId,
      participant_id: learner.participantId,
      learner_id: learner.id,
      kind: content.kind,
      signed_version: signed ? 1 : null,
      created_by: o.by.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await trx
    .insertInto('agreement_versions')
    .values({
      school_id: o.schoolId,
      agreement_id: id,
      version: 1,
      status: signed ? 'signed' : 'draft',
      content: JSON.stringify(content),
      content_hash: hash,
      created_by: o.by.userId,
      ...(signed ? { sent_at: signed, sent_by: o.by.userId, signed_at: signed } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (signed) {
    const who: Record<
      AgreementParty,
      { name: string; position: string; email: string; method: 'in_app' | 'email_link' }
    > = {
      school: {
        name: o.by.name,
        position: content.schoolSignatory.position,
        email: o.by.email,
        method: 'in_app',
      },
      learner: {
        name: `${content.learner.givenName} ${content.learner.familyName}`,
        position: '',
        email: content.learner.email,
        method: 'in_app',
      },
      host: {
        name: content.hostSignatory.name,
        position: content.hostSignatory.position,
        email: content.hostSignatory.email,
        method: 'email_link',
      },
      guardian: {
        name: content.guardian?.name ?? '',
        position: '',
        email: content.guardian?.email ?? '',
        method: 'email_link',
      },
    };
    await trx
      .insertInto('agreement_signatures')
      .values(
        requiredParties(content.minor === true).map((party, i) => ({
          school_id: o.schoolId,
          version_id: version.id,
          party,
          expected_name: who[party].name,
          expected_email: who[party].email,
          signed_at: new Date(signed.getTime() - (3 - i) * 3_600_000),
          signed_name: who[party].name,
          signed_position: who[party].position,
          signed_email: who[party].email,
          sign_method: who[party].method,
          signed_hash: hash,
          signed_by_user: party === 'school' ? o.by.userId : party === 'learner' ? learner.id : null,
        })),
      )
      .execute();
  }
  return id;
}

/** The same, for a test or a script that holds no transaction. */
export function createAgreement(db: Kysely<DB>, o: InsertAgreementOptions): Promise<string> {
  return db.transaction().execute((trx) => insertAgreement(trx, o));
}

const demoUnits = [
  {
    code: 'DST-M07',
    title: 'Datortīklu ierīkošana un uzturēšana',
    titleEn: 'Setting up and maintaining computer networks',
    credits: 4,
    outcomes: [
      [
        'knowledge',
        'Izskaidro lokālā tīkla uzbūvi, IP adresāciju un maršrutēšanas principus.',
        'Explains the structure of a local network, IP addressing and routing.',
      ],
      [
        'skills',
        'Ierīko un konfigurē biroja tīklu ar komutatoru, maršrutētāju un bezvadu piekļuvi.',
        'Sets up and configures an office network with a switch, a router and wireless access.',
      ],
      [
        'responsibility_autonomy',
        'Patstāvīgi dokumentē tīkla shēmu un pārbaudes rezultātus.',
        'Documents the network diagram and test results on their own.',
      ],
    ],
  },
  {
    code: 'DST-M09',
    title: 'Lietotāju atbalsts un problēmu novēršana',
    titleEn: 'User support and troubleshooting',
    credits: 3,
    outcomes: [
      [
        'skills',
        'Diagnosticē un novērš tipiskas datora un perifērijas iekārtu kļūmes.',
        'Diagnoses and fixes typical faults of computers and peripherals.',
      ],
      [
        'responsibility_autonomy',
        'Pieklājīgi un skaidri sazinās ar lietotājiem, reģistrē pieteikumus.',
        'Communicates politely and clearly with users and logs requests.',
      ],
    ],
  },
] as const;

/**
 * The demo school's agreements: the demo learner's internship (in progress) has an agreement every
 * party signed and a mid-term evaluation under way; the Erasmus+ mobility to Dresden has a draft, its
 * learner a minor with a guardian.
 */
export async function seedDemoAgreements(trx: Trx, schoolId: string, today: string) {
  const people = await trx
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.given_name', 'u.family_name'])
    .where('m.school_id', '=', schoolId)
    .execute();
  const coordinator = people.find((p) => p.email === 'koordinators@demo.tilts.lv');
  const learner = people.find((p) => p.email === 'audzeknis@demo.tilts.lv');
  if (!coordinator || !learner) return { agreements: 0 };
  const by = {
    userId: coordinator.id,
    email: coordinator.email,
    name: `${coordinator.given_name} ${coordinator.family_name}`,
  };

  // The catalogue rows the agreements name: kept if the catalogue already has the qualification.
  let qualification = await trx
    .selectFrom('qualifications')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('code', '=', '33 481 02 1')
    .executeTakeFirst();
  qualification ??= await trx
    .insertInto('qualifications')
    .values({
      school_id: schoolId,
      code: '33 481 02 1',
      title: 'Datorsistēmu tehniķis',
      title_en: 'Computer systems technician',
      eqf_level: 4,
      lki_level: 4,
      programme: 'Datorsistēmas (33 481 02)',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unitIds: string[] = [];
  for (const u of demoUnits) {
    const found = await trx
      .selectFrom('units')
      .select('id')
      .where('qualification_id', '=', qualification.id)
      .where('code', '=', u.code)
      .executeTakeFirst();
    if (found) {
      unitIds.push(found.id);
      continue;
    }
    const unit = await trx
      .insertInto('units')
      .values({
        school_id: schoolId,
        qualification_id: qualification.id,
        code: u.code,
        title: u.title,
        title_en: u.titleEn,
        eqf_level: 4,
        credit_points: u.credits,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('learning_outcomes')
      .values(
        u.outcomes.map(([kind, text, textEn], position) => ({
          school_id: schoolId,
          unit_id: unit.id,
          position,
          kind,
          text,
          text_en: textEn,
          assessment_criteria:
            kind === 'skills' ? 'Praktisks uzdevums darba vietā, mentora novērojums' : 'Saruna ar mentoru',
        })),
      )
      .execute();
    unitIds.push(unit.id);
  }

  const placements = await trx
    .selectFrom('placements as p')
    .innerJoin('placement_participants as pp', 'pp.placement_id', 'p.id')
    .select(['p.id', 'p.kind', 'p.status', 'p.host_partner_id', 'pp.user_id'])
    .where('p.school_id', '=', schoolId)
    .where('pp.role', '=', 'learner')
    .execute();
  const internship = placements.find(
    (p) => p.user_id === learner.id && p.kind === 'internship' && p.status === 'in_progress',
  );
  const erasmus = placements.find((p) => p.kind === 'erasmus' && p.status === 'planned');
  const addresses: Record<string, string> = {
    'SIA „Baltijas Būvmeistars”': 'Krasta iela 52, Rīga, LV-1003',
    'Müller Maschinenbau GmbH': 'Königsbrücker Straße 96, 01099 Dresden',
  };
  for (const [name, address] of Object.entries(addresses)) {
    await trx
      .updateTable('partners')
      .set({ legal_address: address })
      .where('school_id', '=', schoolId)
      .where('legal_name', '=', name)
      .where('legal_address', '=', '')
      .execute();
  }
  const attach = async (placementId: string) => {
    await trx.deleteFrom('placement_units').where('placement_id', '=', placementId).execute();
    await trx
      .insertInto('placement_units')
      .values(
        unitIds.map((unitId, position) => ({
          school_id: schoolId,
          placement_id: placementId,
          unit_id: unitId,
          position,
        })),
      )
      .execute();
    await trx
      .updateTable('placements')
      .set({ qualification_id: qualification.id })
      .where('id', '=', placementId)
      .execute();
  };
  let count = 0;
  if (internship) {
    await attach(internship.id);
    await trx
      .insertInto('learner_profiles')
      .values({ school_id: schoolId, user_id: learner.id, date_of_birth: '2005-09-14' })
      .onConflict((oc) => oc.columns(['school_id', 'user_id']).doNothing())
      .execute();
    const id = await insertAgreement(trx, {
      schoolId,
      placementId: internship.id,
      learnerId: learner.id,
      by,
      signedAt: new Date(`${addDays(today, -25)}T10:00:00Z`),
      edit: (e) => ({
        ...e,
        units: e.units,
        hostMentor: { ...e.hostMentor, phone: '+371 2000 0000' },
        insurance: e.insurance || 'Nav obligāta (MK noteikumi Nr. 481)',
      }),
    });
    const version = await trx
      .selectFrom('agreement_versions')
      .select(['id', 'content'])
      .where('agreement_id', '=', id)
      .executeTakeFirstOrThrow();
    const assessment = await trx
      .insertInto('assessments')
      .values({
        school_id: schoolId,
        agreement_id: id,
        version_id: version.id,
        stage: 'mid_term',
        assessor_name: 'Ģirts Šņore',
        assessor_email: 'prakses.vaditajs@demo.tilts.lv',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const first = version.content.units[0]!.outcomes.slice(0, 2);
    await trx
      .insertInto('assessment_outcomes')
      .values(
        first.map((o, i) => ({
          school_id: schoolId,
          assessment_id: assessment.id,
          outcome_id: o.id,
          result: i === 0 ? ('achieved' as const) : ('partly' as const),
          grade: i === 0 ? '8' : '6',
          comment: i === 0 ? 'Labi izprot tīkla uzbūvi.' : 'Bezvadu piekļuvi vēl konfigurē ar palīdzību.',
        })),
      )
      .execute();
    count++;
  }
  if (erasmus) {
    await attach(erasmus.id);
    const minor = placements.find((p) => p.id === erasmus.id)!;
    await trx
      .insertInto('learner_profiles')
      .values({
        school_id: schoolId,
        user_id: minor.user_id,
        date_of_birth: `${Number(today.slice(0, 4)) - 17}-01-15`,
        guardian_name: 'Inga Bērziņa',
        guardian_email: 'inga.berzina@example.lv',
        guardian_phone: '+371 2611 1111',
      })
      .onConflict((oc) => oc.columns(['school_id', 'user_id']).doNothing())
      .execute();
    await insertAgreement(trx, { schoolId, placementId: erasmus.id, learnerId: minor.user_id, by });
    count++;
  }
  return { agreements: count };
}
