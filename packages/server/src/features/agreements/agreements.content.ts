import { createHash } from 'node:crypto';
import {
  type ActivityType,
  type AgreementCheckInput,
  type AgreementContent,
  type AgreementDraftInput,
  type AgreementKind,
  agreementKindOf,
  type FieldError,
  isMinorOn,
  type Locale,
  type PlacementMode,
} from '@tilts/shared';
import type { Selectable } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { OutcomeKind, PlacementsTable, TaskTemplateItem } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { canonicalJson } from '../audit/chain.ts';
import { unitsWithOutcomes } from '../catalogue/catalogue.repository.ts';
import { openProfiles } from '../people/profiles.repository.ts';

/** The SHA-256 of a version's content in canonical JSON (keys sorted): what every signature records. */
export function contentHash(content: AgreementContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** What every learner's agreement of one placement is built from: read once for a whole group. */
export interface PlacementSources {
  placement: Selectable<PlacementsTable>;
  school: {
    name: string;
    legal_address: string;
    registration_number: string;
    country: string;
    erasmus_oid: string;
  };
  host: {
    legal_name: string;
    legal_address: string;
    registration_number: string;
    country: string;
    city: string;
  } | null;
  qualification: {
    code: string;
    title: string;
    title_en: string;
    eqf_level: number;
    lki_level: number;
    programme: string;
  } | null;
  programme: { title: string; hours: number; task_template: TaskTemplateItem[] } | null;
  project: { project_number: string; title: string } | null;
  mentor: { given_name: string; family_name: string; email: string } | null;
  units: {
    id: string;
    code: string;
    title: string;
    title_en: string;
    eqf_level: number;
    credit_points: string;
    outcomes: {
      id: string;
      kind: OutcomeKind;
      text: string;
      text_en: string;
      assessment_criteria: string;
    }[];
  }[];
  mou: {
    title: string;
    version: number;
    valid_until: string | null;
    responsibilities: string;
    assessment: string;
    recognition: string;
  } | null;
  groupProgramme: string;
}

export interface LearnerSource {
  id: string;
  participantId: string;
  given_name: string;
  family_name: string;
  email: string;
  date_of_birth: string | null;
  guardian_name: string;
  guardian_email: string;
  guardian_phone: string;
}

/** Reads the placement, the school, the host, the MoU and the catalogue rows an agreement is made from. */
export async function loadSources(trx: Trx, placementId: string): Promise<PlacementSources> {
  const placement = await trx
    .selectFrom('placements')
    .selectAll()
    .where('id', '=', placementId)
    .executeTakeFirst();
  if (!placement) throw new AppError('not_found');
  const p = placement;
  const [school, host, qualification, programme, project, mentor, unitRows, group] = await Promise.all([
    trx
      .selectFrom('schools')
      .select(['name', 'legal_address', 'registration_number', 'country', 'erasmus_oid'])
      .where('id', '=', p.school_id)
      .executeTakeFirstOrThrow(),
    p.host_partner_id
      ? trx
          .selectFrom('partners')
          .select(['legal_name', 'legal_address', 'registration_number', 'country', 'city'])
          .where('id', '=', p.host_partner_id)
          .executeTakeFirst()
      : undefined,
    p.qualification_id
      ? trx
          .selectFrom('qualifications')
          .select(['code', 'title', 'title_en', 'eqf_level', 'lki_level', 'programme'])
          .where('id', '=', p.qualification_id)
          .executeTakeFirst()
      : undefined,
    p.programme_id
      ? trx
          .selectFrom('programmes')
          .select(['title', 'hours', 'task_template', 'qualification_id'])
          .where('id', '=', p.programme_id)
          .executeTakeFirst()
      : undefined,
    p.project_id
      ? trx
          .selectFrom('projects')
          .select(['project_number', 'title'])
          .where('id', '=', p.project_id)
          .executeTakeFirst()
      : undefined,
    p.mentor_id
      ? trx
          .selectFrom('users')
          .select(['given_name', 'family_name', 'email'])
          .where('id', '=', p.mentor_id)
          .executeTakeFirst()
      : undefined,
    trx
      .selectFrom('placement_units')
      .select('unit_id')
      .where('placement_id', '=', p.id)
      .orderBy('position')
      .execute(),
    trx.selectFrom('group_programmes').select('text').where('placement_id', '=', p.id).executeTakeFirst(),
  ]);
  // The catalogue's own reader, in the placement's order of units.
  const catalogue = await unitsWithOutcomes(trx, p.school_id, { ids: unitRows.map((u) => u.unit_id) });
  const units = unitRows.flatMap((r) => catalogue.filter((u) => u.id === r.unit_id));
  // The qualification: the placement's own, else its programme's, else its first unit's.
  let qual = qualification;
  const qualId = !qual ? (programme?.qualification_id ?? units[0]?.qualificationId) : undefined;
  if (qualId) {
    qual = await trx
      .selectFrom('qualifications')
      .select(['code', 'title', 'title_en', 'eqf_level', 'lki_level', 'programme'])
      .where('id', '=', qualId)
      .executeTakeFirst();
  }
  return {
    placement: p,
    school,
    host: host ?? null,
    qualification: qual ?? null,
    programme: programme
      ? { title: programme.title, hours: programme.hours, task_template: programme.task_template ?? [] }
      : null,
    project: project ?? null,
    mentor: mentor ?? null,
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      title: u.title,
      title_en: u.titleEn,
      eqf_level: u.eqfLevel,
      credit_points: String(u.creditPoints),
      outcomes: u.outcomes.map((o) => ({
        id: o.id,
        kind: o.kind,
        text: o.text,
        text_en: o.textEn,
        assessment_criteria: o.assessmentCriteria,
      })),
    })),
    mou: p.host_partner_id ? await findMou(trx, p.host_partner_id, p.start_date, p.end_date) : null,
    groupProgramme: group?.text ?? '',
  };
}

/** The host's active memorandum covering the period (the newest), whose texts prefill the agreement. */
async function findMou(trx: Trx, partnerId: string, start: string, end: string) {
  const rows = await trx
    .selectFrom('mous as m')
    .innerJoin('mou_parties as mp', 'mp.mou_id', 'm.id')
    .select([
      'm.title',
      'm.version',
      'm.valid_from',
      'm.valid_until',
      'm.responsibilities',
      'm.assessment',
      'm.recognition',
    ])
    .where('m.status', '=', 'active')
    .where('mp.partner_id', '=', partnerId)
    .orderBy('m.valid_until', 'desc')
    .execute();
  const covering = rows.find((m) => (m.valid_from ?? '0000') <= start && (m.valid_until ?? '9999') >= end);
  const m = covering ?? rows[0];
  if (!m) return null;
  return {
    title: m.title,
    version: m.version,
    valid_until: (m.valid_until as string | null) ?? null,
    responsibilities: m.responsibilities,
    assessment: m.assessment,
    recognition: m.recognition,
  };
}

/** The learners of a placement (all, or the ones named), with what the school knows of each. */
export async function loadLearners(
  trx: Trx,
  placementId: string,
  userIds?: string[],
): Promise<LearnerSource[]> {
  let q = trx
    .selectFrom('placement_participants as pp')
    .innerJoin('users as u', 'u.id', 'pp.user_id')
    .leftJoin('learner_profiles as lp', (join) =>
      join.onRef('lp.user_id', '=', 'pp.user_id').onRef('lp.school_id', '=', 'pp.school_id'),
    )
    .select([
      'u.id',
      'pp.id as participantId',
      'u.given_name',
      'u.family_name',
      'u.email',
      'lp.guardian_name',
      'lp.guardian_email',
      'lp.guardian_phone',
    ])
    .where('pp.placement_id', '=', placementId)
    .where('pp.role', '=', 'learner')
    .orderBy('u.family_name')
    .orderBy('u.given_name');
  if (userIds) {
    if (userIds.length === 0) return [];
    q = q.where('u.id', 'in', userIds);
  }
  const rows = await q.execute();
  const profiles = await openProfiles(
    trx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    date_of_birth: profiles.get(r.id)?.dateOfBirth ?? null,
    guardian_name: r.guardian_name ?? '',
    guardian_email: r.guardian_email ?? '',
    guardian_phone: r.guardian_phone ?? '',
  }));
}

const defaults: Record<Locale, Record<AgreementKind, { school: string; host: string; learner: string }>> = {
  lv: {
    learning_agreement: {
      school:
        'Sagatavo audzēkni mobilitātei (valoda, kultūra, drošība), norīko skolas mentoru un uztur saziņu visā mobilitātes laikā, apstiprina uzņēmēja vērtējumu un atzīst sasniegtos mācīšanās rezultātus izglītības programmā.',
      host: 'Nodrošina darba vietu, drošus darba apstākļus un instruktāžu, norīko mentoru, dod iespēju sasniegt līgumā noteiktos mācīšanās rezultātus, novērtē tos starpvērtējumā un noslēgumā un sagatavo audzēkņa raksturojumu.',
      learner:
        'Ievēro uzņēmēja darba kārtību, drošības noteikumus un uzņēmējvalsts likumus, pilda mācību uzdevumus, regulāri raksta dienasgrāmatu un sazinās ar mentoriem, pēc mobilitātes iesniedz atskaiti.',
    },
    internship_agreement: {
      school:
        'Izstrādā prakses programmu, norīko prakses vadītāju no skolas, uzrauga prakses norisi, pārbauda dienasgrāmatu un atskaiti un novērtē praksi (MK noteikumi Nr. 481).',
      host: 'Nodrošina prakses vietu un darba aizsardzības instruktāžu, norīko prakses vadītāju uzņēmumā, apstiprina dienasgrāmatas ierakstus, novērtē audzēkņa sniegumu un sagatavo raksturojumu.',
      learner:
        'Pilda prakses programmas uzdevumus, ievēro darba kārtību un darba aizsardzības prasības, katru dienu raksta prakses dienasgrāmatu un prakses beigās iesniedz atskaiti.',
    },
    learning_contract: {
      school:
        'Kopā ar uzņēmumu sagatavo individuālo plānu, nodrošina skolā apgūstamos rezultātus, norīko pedagogu saziņai ar uzņēmumu, apstiprina vērtējumu un atzīst rezultātus (MK noteikumi Nr. 484).',
      host: 'Norīko kvalificētu mentoru, nodrošina darba vidē apgūstamos mācīšanās rezultātus saskaņā ar individuālo plānu, drošus darba apstākļus un vērtē audzēkņa sniegumu.',
      learner:
        'Mācās pēc individuālā plāna skolā un darba vietā, ievēro darba kārtību un drošības prasības, raksta dienasgrāmatu un piedalās vērtēšanā.',
    },
  },
  en: {
    learning_agreement: {
      school:
        'Prepares the learner for the mobility (language, culture, safety), names a mentor at the school and stays in contact throughout, validates the host’s assessment and recognises the outcomes achieved in the learner’s programme.',
      host: 'Provides the workplace, safe working conditions and an induction, names a mentor, lets the learner achieve the outcomes of this agreement, assesses them at mid-term and at the end, and writes a characterisation of the learner.',
      learner:
        'Keeps the host’s working rules, safety rules and the laws of the host country, does the learning tasks, keeps the diary and stays in contact with both mentors, and hands in a report after the mobility.',
    },
    internship_agreement: {
      school:
        'Prepares the internship programme, names the school’s internship supervisor, follows the internship, checks the diary and the report and grades the internship (Cabinet Regulation No. 481).',
      host: 'Provides the place and a safety induction, names the workplace supervisor, confirms the diary entries, assesses the learner and writes a characterisation.',
      learner:
        'Does the tasks of the internship programme, keeps the working and safety rules, writes the internship diary every day and hands in a report at the end.',
    },
    learning_contract: {
      school:
        'Prepares the individual plan with the company, teaches the outcomes learned at school, names a teacher for contact with the company, validates the assessment and recognises the outcomes (Cabinet Regulation No. 484).',
      host: 'Names a qualified mentor, provides the outcomes learned at the workplace according to the individual plan and safe working conditions, and assesses the learner.',
      learner:
        'Learns by the individual plan at school and at the workplace, keeps the working and safety rules, writes the diary and takes part in assessment.',
    },
  },
};

const defaultMethod: Record<Locale, string> = {
  lv: 'Uzņēmēja mentors novērtē katru līgumā noteikto mācīšanās rezultātu (sasniegts, daļēji sasniegts, nav sasniegts) starpvērtējumā un noslēgumā, ar vērtējumu un komentāru, un uzraksta raksturojumu; skolas pedagogs vērtējumu apstiprina.',
  en: 'The host’s mentor assesses each outcome of this agreement (achieved, partly achieved, not achieved) at mid-term and at the end, with a grade and a comment, and writes a characterisation; a teacher of the school validates the assessment.',
};

const defaultRecognition: Record<Locale, string> = {
  lv: 'Sasniegtos mācīšanās rezultātus skola atzīst kā izglītības programmas daļu ar kredītpunktiem un vērtējumu un ieraksta audzēkņa sekmju izrakstā.',
  en: 'The school recognises the outcomes achieved as part of the learner’s programme, with credit points and a grade, and enters them in the learner’s transcript.',
};

const signatoryTitle: Record<Locale, Record<string, string>> = {
  lv: { admin: 'Direktora pilnvarota persona', coordinator: 'Mobilitātes koordinators', teacher: 'Pedagogs' },
  en: { admin: 'Authorised by the director', coordinator: 'Mobility coordinator', teacher: 'Teacher' },
};

/** The school's editable part of a content: what a save keeps when the rest is read afresh. */
export type Editable = Omit<AgreementDraftInput, 'lockVersion'>;

export function editableOf(c: AgreementContent): Editable {
  return {
    startDate: c.period.startDate,
    endDate: c.period.endDate,
    units: c.units.map((u) => ({
      unitId: u.id,
      activities: u.activities,
      outcomes: u.outcomes.map((o) => ({ outcomeId: o.id, included: o.included, place: o.place })),
    })),
    hostMentor: c.hostMentor,
    hostSignatory: c.hostSignatory,
    schoolSignatory: c.schoolSignatory,
    responsibilities: c.responsibilities,
    insurance: c.insurance,
    assessmentMethod: c.assessment.method,
    grading: c.assessment.grading,
    recognition: c.recognition,
    notes: c.notes,
  };
}

/** The first draft's editable part: the placement's dates, its supervisor, the MoU's or the standard texts. */
export function defaultEditable(s: PlacementSources, actor: Actor & { name?: string }): Editable {
  const p = s.placement;
  const kind = agreementKindOf(p.kind);
  const texts = defaults[actor.locale][kind];
  return {
    startDate: p.start_date,
    endDate: p.end_date,
    units: [],
    hostMentor: {
      name: p.supervisor_name,
      position: p.supervisor_position,
      email: p.supervisor_email,
      phone: p.supervisor_phone,
    },
    hostSignatory: { name: p.supervisor_name, position: p.supervisor_position, email: p.supervisor_email },
    schoolSignatory: {
      name: actor.role === 'admin' || actor.role === 'coordinator' ? (actor.name ?? '') : '',
      position:
        actor.role === 'admin' || actor.role === 'coordinator'
          ? signatoryTitle[actor.locale][actor.role]!
          : '',
    },
    responsibilities: {
      school: texts.school,
      host: s.mou?.responsibilities.trim() ? s.mou.responsibilities : texts.host,
      learner: texts.learner,
    },
    insurance: p.insurance,
    assessmentMethod: s.mou?.assessment.trim() ? s.mou.assessment : defaultMethod[actor.locale],
    grading: 'scale_10',
    recognition: s.mou?.recognition.trim() ? s.mou.recognition : defaultRecognition[actor.locale],
    notes: '',
  };
}

/**
 * Checks an edit against the placement: every unit is one of its units, every outcome one of that
 * unit's. Throws one error naming each wrong row.
 */
export function checkEditable(s: PlacementSources, e: Editable) {
  const fields: Record<string, FieldError> = {};
  e.units.forEach((u, i) => {
    const unit = s.units.find((x) => x.id === u.unitId);
    if (!unit) {
      fields[`units.${i}.unitId`] = 'unit_not_in_agreement';
      return;
    }
    u.outcomes.forEach((o, j) => {
      if (!unit.outcomes.some((x) => x.id === o.outcomeId))
        fields[`units.${i}.outcomes.${j}.outcomeId`] = 'outcome_not_in_unit';
    });
  });
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
}

/**
 * The whole content of one learner's agreement: the placement, school, host, MoU and catalogue as they
 * read now, with the school's editable part on top. Outcomes not yet decided are included, learned at
 * the workplace.
 */
export function buildContent(s: PlacementSources, learner: LearnerSource, e: Editable): AgreementContent {
  const p = s.placement;
  const kind = agreementKindOf(p.kind);
  const minor = learner.date_of_birth ? isMinorOn(learner.date_of_birth, e.startDate) : null;
  return {
    kind,
    placementKind: p.kind,
    activityType: p.activity_type as ActivityType | null,
    mode: p.mode as PlacementMode,
    school: {
      name: s.school.name,
      legalAddress: s.school.legal_address,
      registrationNumber: s.school.registration_number,
      country: s.school.country,
      erasmusOid: s.school.erasmus_oid,
    },
    host: s.host
      ? {
          name: s.host.legal_name,
          legalAddress: s.host.legal_address,
          registrationNumber: s.host.registration_number,
          country: s.host.country,
          city: p.destination_city || s.host.city,
        }
      : null,
    learner: {
      givenName: learner.given_name,
      familyName: learner.family_name,
      email: learner.email,
      dateOfBirth: learner.date_of_birth,
    },
    guardian: minor
      ? { name: learner.guardian_name, email: learner.guardian_email, phone: learner.guardian_phone }
      : null,
    minor,
    qualification: s.qualification
      ? {
          code: s.qualification.code,
          title: s.qualification.title,
          titleEn: s.qualification.title_en,
          eqfLevel: s.qualification.eqf_level,
          lkiLevel: s.qualification.lki_level,
          programme: s.qualification.programme,
        }
      : null,
    programme: s.programme ? { title: s.programme.title, hours: s.programme.hours } : null,
    project: s.project ? { number: s.project.project_number, title: s.project.title } : null,
    period: {
      startDate: e.startDate,
      endDate: e.endDate,
      travelDays: p.travel_days,
      plannedHours: p.planned_hours,
    },
    units: s.units.map((u) => {
      const edit = e.units.find((x) => x.unitId === u.id);
      return {
        id: u.id,
        code: u.code,
        title: u.title,
        titleEn: u.title_en,
        eqfLevel: u.eqf_level,
        creditPoints: Number(u.credit_points),
        activities: edit?.activities ?? '',
        outcomes: u.outcomes.map((o) => {
          const oe = edit?.outcomes.find((x) => x.outcomeId === o.id);
          return {
            id: o.id,
            kind: o.kind,
            text: o.text,
            textEn: o.text_en,
            criteria: o.assessment_criteria,
            included: oe?.included ?? true,
            place: oe?.place ?? 'workplace',
          };
        }),
      };
    }),
    tasks: kind === 'internship_agreement' ? (s.programme?.task_template ?? []) : [],
    schoolMentor: s.mentor
      ? {
          name: `${s.mentor.given_name} ${s.mentor.family_name}`,
          position: '',
          email: s.mentor.email,
          phone: '',
        }
      : null,
    hostMentor: e.hostMentor,
    hostSignatory: e.hostSignatory,
    schoolSignatory: e.schoolSignatory,
    responsibilities: e.responsibilities,
    insurance: e.insurance,
    assessment: { method: e.assessmentMethod, grading: e.grading },
    recognition: e.recognition,
    mou: s.mou ? { title: s.mou.title, version: s.mou.version, validUntil: s.mou.valid_until ?? '' } : null,
    communication:
      p.mode === 'on_site'
        ? null
        : { channels: p.comm_channels, everyDays: p.comm_every_days, who: p.comm_who },
    groupProgramme: s.groupProgramme,
    notes: e.notes,
  };
}

/** The parts of a content the readiness check reads. */
export function checkInputOf(c: AgreementContent): AgreementCheckInput {
  return {
    kind: c.kind,
    school: c.school,
    host: c.host,
    learner: c.learner,
    guardian: c.guardian,
    minor: c.minor,
    qualification: c.qualification,
    programme: c.programme,
    period: c.period,
    units: c.units,
    schoolMentor: c.schoolMentor,
    hostMentor: c.hostMentor,
    hostSignatory: c.hostSignatory,
    responsibilities: c.responsibilities,
    insurance: c.insurance,
    assessment: c.assessment,
  };
}
