import {
  activityDuration,
  activityTypeNames,
  countryName,
  formatIsoDate,
  type Locale,
  outcomeResultNames,
  type PlacementDocument,
} from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type Content, fieldTable, renderPdf } from '../../pdf/pdf.ts';
import { visiblePlacements } from '../placements/placements.repository.ts';
import { loadSources } from './agreements.content.ts';

const words = {
  lv: {
    transcript: 'Sekmju izraksts',
    europass: 'Mobilitātes apliecinājums (Europass Mobility paraugs)',
    attendance: 'Apliecinājums par dalību',
    accompanying: 'Apliecinājums pavadošajai personai',
    group_programme: 'Grupas mācību programma',
    holder: 'Dokumenta turētājs',
    school: 'Nosūtošā izglītības iestāde',
    host: 'Uzņemošā puse',
    period: 'Periods',
    days: 'dienas',
    qualification: 'Kvalifikācija',
    unit: 'Vienība',
    credits: 'Kredītpunkti',
    grade: 'Vērtējums',
    recognisedQ: 'Atzīta',
    yes: 'jā',
    no: 'nē',
    outcomes: 'Mācīšanās rezultāti un noslēguma vērtējums',
    overall: 'Kopējais vērtējums',
    decided: 'Atzīšanas lēmums',
    comment: 'Piezīmes',
    skills: 'Apgūtās prasmes un kompetences (uzņemošās puses apraksts)',
    characterisation: 'Raksturojums',
    hostMentor: 'Mentors uzņēmējā',
    schoolMentor: 'Mentors nosūtošajā iestādē',
    activities: 'Veiktās mācību aktivitātes un uzdevumi',
    attended: (
      who: string,
      what: string,
      host: string,
      where: string,
      from: string,
      to: string,
      days: number,
    ) =>
      `Ar šo apliecinām, ka ${who} piedalījās mobilitātē “${what}” pie uzņemošās puses ${host} (${where}) no ${from} līdz ${to} (${days} dienas).`,
    accompanied: (who: string, n: number, host: string, where: string, from: string, to: string) =>
      `Ar šo apliecinām, ka ${who} kā pavadošā persona visu mobilitātes laiku pavadīja ${n} audzēkņu grupu pie uzņemošās puses ${host} (${where}) no ${from} līdz ${to}.`,
    learners: 'Grupas dalībnieki',
    programme: 'Programma',
    issued: 'Izdots',
    issuer: 'Izdevējs',
  },
  en: {
    transcript: 'Transcript of records',
    europass: 'Mobility record (Europass Mobility style)',
    attendance: 'Certificate of attendance',
    accompanying: 'Certificate for an accompanying person',
    group_programme: 'Group learning programme',
    holder: 'Holder',
    school: 'Sending institution',
    host: 'Host',
    period: 'Period',
    days: 'days',
    qualification: 'Qualification',
    unit: 'Unit',
    credits: 'Credit points',
    grade: 'Grade',
    recognisedQ: 'Recognised',
    yes: 'yes',
    no: 'no',
    outcomes: 'Learning outcomes and final assessment',
    overall: 'Overall grade',
    decided: 'Recognition decision',
    comment: 'Notes',
    skills: 'Skills and competences acquired (described by the host)',
    characterisation: 'Characterisation',
    hostMentor: 'Mentor at the host',
    schoolMentor: 'Mentor at the sending institution',
    activities: 'Learning activities and tasks carried out',
    attended: (
      who: string,
      what: string,
      host: string,
      where: string,
      from: string,
      to: string,
      days: number,
    ) =>
      `This certifies that ${who} took part in the mobility “${what}” at the host ${host} (${where}) from ${from} to ${to} (${days} days).`,
    accompanied: (who: string, n: number, host: string, where: string, from: string, to: string) =>
      `This certifies that ${who}, as an accompanying person, accompanied a group of ${n} learners for the whole mobility at the host ${host} (${where}) from ${from} to ${to}.`,
    learners: 'Learners of the group',
    programme: 'Programme',
    issued: 'Issued',
    issuer: 'Issuer',
  },
} as const;

const doneStatuses = ['completed', 'recognised', 'closed'] as const;

function unavailable(why: string): never {
  throw new AppError('conflict', {
    fields: { document: { key: 'document_not_available', params: { why } } },
  });
}

/** The learner's agreement with the version that counts: the newest signed one. */
async function learnerRecord(trx: Trx, placementId: string, learnerId: string) {
  const a = await trx
    .selectFrom('agreements')
    .selectAll()
    .where('placement_id', '=', placementId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!a || a.signed_version === null) return null;
  const [v, final, recognition] = await Promise.all([
    trx
      .selectFrom('agreement_versions')
      .selectAll()
      .where('agreement_id', '=', a.id)
      .where('version', '=', a.signed_version)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('assessments')
      .selectAll()
      .where('agreement_id', '=', a.id)
      .where('stage', '=', 'final')
      .executeTakeFirst(),
    trx.selectFrom('recognitions').selectAll().where('agreement_id', '=', a.id).executeTakeFirst(),
  ]);
  const results = final
    ? await trx.selectFrom('assessment_outcomes').selectAll().where('assessment_id', '=', final.id).execute()
    : [];
  return { a, v, final, recognition, results };
}

/**
 * A document after the placement, as a PDF: the learner's transcript, the Europass Mobility-style
 * record, the certificate of attendance, the accompanying person's certificate, or the group's
 * learning programme. A learner gets only their own.
 */
export async function placementDocument(
  deps: Deps,
  actor: Actor,
  placementId: string,
  doc: PlacementDocument,
  userId: string | undefined,
  locale: Locale,
): Promise<{ bytes: Buffer; filename: string }> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const p = await visiblePlacements(trx, actor)
      .selectAll('p')
      .where('p.id', '=', placementId)
      .executeTakeFirst();
    if (!p) throw new AppError('not_found');
    const who = actor.role === 'learner' ? actor.userId : (userId ?? '');
    if (actor.role === 'learner' && userId && userId !== actor.userId) throw new AppError('not_found');
    const w = words[locale];
    const people = await trx
      .selectFrom('placement_participants as pp')
      .innerJoin('users as u', 'u.id', 'pp.user_id')
      .select(['u.id', 'u.given_name', 'u.family_name', 'pp.role'])
      .where('pp.placement_id', '=', p.id)
      .orderBy('u.family_name')
      .execute();
    const person = people.find((x) => x.id === who);
    const name = person ? `${person.given_name} ${person.family_name}` : '';
    const sources = await loadSources(trx, p.id);
    const where = [p.destination_city, countryName(p.destination_country, locale)].filter(Boolean).join(', ');
    const hostName = sources.host?.legal_name ?? '—';
    const from = formatIsoDate(p.start_date, locale);
    const to = formatIsoDate(p.end_date, locale);
    const done = (doneStatuses as readonly string[]).includes(p.status);
    const what = p.activity_type
      ? activityTypeNames[locale][p.activity_type as keyof (typeof activityTypeNames)['lv']]
      : p.title;
    const header = (title: string): Content[] => [
      { text: title, style: 'title' },
      { text: sources.school.name, style: 'subtitle' },
    ];
    const footer: Content = {
      text: `${w.issuer}: ${sources.school.name}, ${sources.school.legal_address} · ${w.issued}: ${formatIsoDate(
        deps.now().toISOString().slice(0, 10),
        locale,
      )}`,
      style: 'small',
      margin: [0, 24, 0, 0],
    };
    let content: Content[];

    if (doc === 'accompanying') {
      if (person?.role !== 'accompanying') unavailable('accompanying');
      if (!done) unavailable('completed');
      const learners = people.filter((x) => x.role === 'learner').length;
      content = [
        ...header(w.accompanying),
        { text: w.accompanied(name, learners, hostName, where, from, to), margin: [0, 12, 0, 0] },
        footer,
      ];
    } else if (doc === 'group_programme') {
      const learners = people.filter((x) => x.role === 'learner');
      if (learners.length < 2) unavailable('group');
      if (actor.role === 'learner' && !learners.some((l) => l.id === actor.userId))
        throw new AppError('not_found');
      content = [
        ...header(w.group_programme),
        fieldTable([
          [w.host, `${hostName} (${where})`],
          [w.period, `${from}–${to}`],
          [w.learners, learners.map((l) => `${l.given_name} ${l.family_name}`).join(', ')],
        ]),
        ...sources.units.flatMap((u): Content[] => [
          {
            text: `${w.unit} ${u.code}: ${locale === 'en' && u.title_en ? u.title_en : u.title}`,
            style: 'h3',
          },
          { ul: u.outcomes.map((o) => (locale === 'en' && o.text_en ? o.text_en : o.text)) },
        ]),
        { text: w.programme, style: 'h2' },
        { text: sources.groupProgramme || '—' },
        footer,
      ];
    } else {
      if (person?.role !== 'learner') {
        throw new AppError('validation_failed', { fields: { userId: 'not_a_learner_of_placement' } });
      }
      if (doc === 'attendance') {
        if (!done) unavailable('completed');
        const days = activityDuration(p.start_date, p.end_date, p.interruption_days);
        content = [
          ...header(w.attendance),
          { text: w.attended(name, what, hostName, where, from, to, days), margin: [0, 12, 0, 0] },
          footer,
        ];
      } else {
        const record = await learnerRecord(trx, p.id, who);
        const c = record?.v.content;
        if (doc === 'transcript') {
          if (!record?.recognition || !c) unavailable('recognition');
          const r = record.recognition;
          content = [
            ...header(w.transcript),
            fieldTable([
              [w.holder, name],
              [w.school, `${c.school.name}, ${c.school.legalAddress}`],
              [w.host, `${c.host?.name ?? '—'} (${where})`],
              [
                w.period,
                `${formatIsoDate(c.period.startDate, locale)}–${formatIsoDate(c.period.endDate, locale)}`,
              ],
              [
                w.qualification,
                c.qualification
                  ? `${c.qualification.code} ${locale === 'en' && c.qualification.titleEn ? c.qualification.titleEn : c.qualification.title} (EQF ${c.qualification.eqfLevel}, LKI ${c.qualification.lkiLevel})`
                  : '',
              ],
            ]),
            {
              table: {
                headerRows: 1,
                widths: ['*', 60, 55, 55],
                body: [
                  [w.unit, w.credits, w.grade, w.recognisedQ].map((h) => ({ text: h, style: 'tableHeader' })),
                  ...r.units.map((u) => [
                    `${u.code} ${locale === 'en' && u.titleEn ? u.titleEn : u.title}`,
                    String(u.creditPoints),
                    u.grade || '—',
                    u.recognised ? w.yes : w.no,
                  ]),
                ],
              },
              layout: 'lightHorizontalLines',
              margin: [0, 6, 0, 6],
            },
            { text: w.outcomes, style: 'h2' },
            ...c.units
              .filter((u) => r.units.some((x) => x.unitId === u.id))
              .flatMap((u): Content[] => [
                { text: `${u.code} ${locale === 'en' && u.titleEn ? u.titleEn : u.title}`, style: 'h3' },
                {
                  ul: u.outcomes
                    .filter((o) => o.included)
                    .map((o) => {
                      const res = record.results.find((x) => x.outcome_id === o.id);
                      const result = res?.result ? outcomeResultNames[locale][res.result] : '—';
                      return `${locale === 'en' && o.textEn ? o.textEn : o.text} — ${result}${res?.grade ? ` (${res.grade})` : ''}`;
                    }),
                },
              ]),
            fieldTable([
              [w.overall, r.grade],
              [w.decided, formatIsoDate(r.decided_at.toISOString().slice(0, 10), locale)],
              [w.comment, r.comment],
            ]),
            footer,
          ];
        } else {
          if (record?.final?.status !== 'validated' || !c) unavailable('assessment');
          const achieved = c.units.flatMap((u) =>
            u.outcomes
              .filter((o) => o.included)
              .map((o) => ({ o, res: record.results.find((x) => x.outcome_id === o.id) }))
              .filter(({ res }) => res?.result === 'achieved' || res?.result === 'partly'),
          );
          content = [
            ...header(w.europass),
            fieldTable([
              [w.holder, name],
              [w.school, `${c.school.name}, ${c.school.legalAddress}`],
              [w.host, `${c.host?.name ?? '—'}, ${c.host?.legalAddress ?? ''}`],
              [
                w.period,
                `${formatIsoDate(c.period.startDate, locale)}–${formatIsoDate(c.period.endDate, locale)}`,
              ],
              [w.hostMentor, [c.hostMentor.name, c.hostMentor.position].filter(Boolean).join(', ')],
              [w.schoolMentor, c.schoolMentor?.name],
            ]),
            { text: w.skills, style: 'h2' },
            {
              ul: achieved.map(
                ({ o, res }) =>
                  `${locale === 'en' && o.textEn ? o.textEn : o.text} (${outcomeResultNames[locale][res!.result!]})`,
              ),
            },
            { text: w.activities, style: 'h2' },
            { ul: c.units.filter((u) => u.activities.trim()).map((u) => `${u.code}: ${u.activities}`) },
            { text: w.characterisation, style: 'h2' },
            { text: record.final.characterisation || '—' },
            footer,
          ];
        }
      }
    }
    const bytes = await renderPdf(content, { title: w[doc], locale, footer: sources.school.name });
    const slug = (name || p.title)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\w]+/g, '-')
      .toLowerCase();
    return { bytes, filename: `${doc}-${slug}-${locale}.pdf` };
  });
}
