import {
  type AgreementContent,
  activityTypeNames,
  agreementKindNames,
  agreementPartyNames,
  type ChangeReason,
  changeReasonNames,
  countryName,
  formatIsoDate,
  type Locale,
  type SignatureView,
  type VersionStatus,
  versionStatusNames,
} from '@tilts/shared';
import { type Content, fieldTable, renderPdf } from '../../pdf/pdf.ts';

const words = {
  lv: {
    version: 'Versija',
    status: 'Statuss',
    change: 'Izmaiņu iemesls',
    parties: '1. Puses',
    sendingSchool: 'Nosūtošā izglītības iestāde',
    host: 'Uzņemošā puse',
    name: 'Nosaukums',
    address: 'Juridiskā adrese',
    regNo: 'Reģistrācijas numurs',
    oid: 'Erasmus+ OID',
    country: 'Valsts, pilsēta',
    learner: 'Audzēknis',
    learnerName: 'Vārds, uzvārds',
    birthDate: 'Dzimšanas datums',
    email: 'E-pasts',
    guardian: 'Vecāks vai aizbildnis (nepilngadīgam audzēknim)',
    qualification: '2. Kvalifikācija un izglītības programma',
    qualificationName: 'Apgūstamā kvalifikācija',
    eqf: 'EKI līmenis',
    lki: 'LKI līmenis',
    eduProgramme: 'Izglītības programma',
    internshipProgramme: 'Prakses programma',
    hours: 'stundas',
    project: 'Erasmus+ projekts',
    activity: 'Aktivitāte',
    period: '3. Mobilitātes periods',
    dates: 'Periods',
    travelDays: 'Ceļa dienas (neieskaita periodā)',
    plannedHours: 'Plānotās stundas',
    mode: 'Norises veids',
    modes: { on_site: 'klātienē', virtual: 'virtuāli', blended: 'jaukti' },
    outcomes: '4. Sasniedzamie mācīšanās rezultāti',
    outcomesDvb: '4. Individuālais plāns: mācīšanās rezultāti darba vietā un skolā',
    unit: 'Vienība',
    credits: 'kredītpunkti',
    activities: 'Mācību aktivitātes un uzdevumi uzņēmējā',
    kinds: { knowledge: 'Zināšanas', skills: 'Prasmes', responsibility_autonomy: 'Atbildība un patstāvība' },
    places: { workplace: 'darba vietā', school: 'skolā' },
    criteria: 'Vērtēšanas kritēriji',
    noOutcomes: 'Nav norādīti.',
    tasks: 'Prakses programmas uzdevumi',
    dueDay: 'termiņš: {n}. diena',
    mentors: '5. Mentori un kontaktpersonas',
    schoolMentor: 'Skolas mentors',
    hostMentor: 'Uzņēmēja mentors',
    responsibilities: '6. Pušu atbildība un pienākumi',
    schoolDuties: 'Nosūtošā izglītības iestāde',
    hostDuties: 'Uzņemošā puse',
    learnerDuties: 'Audzēknis',
    insurance: '7. Apdrošināšana',
    assessment: '8. Vērtēšana un atzīšana',
    method: 'Vērtēšanas kārtība',
    grading: 'Vērtējums',
    gradings: { scale_10: '10 ballu skalā', pass_fail: 'ieskaitīts / neieskaitīts' },
    recognition: 'Atzīšana',
    mou: 'Saprašanās memorands',
    communication: 'Saziņas plāns',
    every: 'ik {n} dienas',
    groupProgramme: 'Grupas mācību programma',
    notes: 'Citi nosacījumi',
    signatures: 'Paraksti',
    signaturesIntro:
      'Šo versiju parakstījušas zemāk norādītās puses. Katrs paraksts attiecas uz satura SHA-256 kontrolsummu, kas norādīta zemāk.',
    party: 'Puse',
    signer: 'Parakstītājs',
    signedAt: 'Parakstīts',
    method_: 'Veids',
    methods: { in_app: 'Tilts lietotnē', email_link: 'ar e-pasta saiti' },
    notSigned: 'vēl nav parakstīts',
    notSent: 'Šī versija vēl nav nosūtīta parakstīšanai.',
    hash: 'Satura SHA-256',
    check: 'Pārbaudiet šo dokumentu: {url} (augšupielādējiet PDF vai ievadiet kontrolsummu).',
  },
  en: {
    version: 'Version',
    status: 'Status',
    change: 'Reason for the change',
    parties: '1. Parties',
    sendingSchool: 'Sending institution',
    host: 'Host',
    name: 'Name',
    address: 'Legal address',
    regNo: 'Registration number',
    oid: 'Erasmus+ OID',
    country: 'Country, city',
    learner: 'Learner',
    learnerName: 'First and last name',
    birthDate: 'Date of birth',
    email: 'E-mail',
    guardian: 'Parent or guardian (of a minor)',
    qualification: '2. Qualification and education programme',
    qualificationName: 'Qualification being learned',
    eqf: 'EQF level',
    lki: 'LKI level',
    eduProgramme: 'Education programme',
    internshipProgramme: 'Internship programme',
    hours: 'hours',
    project: 'Erasmus+ project',
    activity: 'Activity',
    period: '3. Period of the mobility',
    dates: 'Period',
    travelDays: 'Travel days (outside the period)',
    plannedHours: 'Planned hours',
    mode: 'Mode',
    modes: { on_site: 'on site', virtual: 'virtual', blended: 'blended' },
    outcomes: '4. Learning outcomes to achieve',
    outcomesDvb: '4. Individual plan: outcomes learned at the workplace and at school',
    unit: 'Unit',
    credits: 'credit points',
    activities: 'Learning activities and tasks at the host',
    kinds: {
      knowledge: 'Knowledge',
      skills: 'Skills',
      responsibility_autonomy: 'Responsibility and autonomy',
    },
    places: { workplace: 'at the workplace', school: 'at school' },
    criteria: 'Assessment criteria',
    noOutcomes: 'None listed.',
    tasks: 'Tasks of the internship programme',
    dueDay: 'due on day {n}',
    mentors: '5. Mentors and contact persons',
    schoolMentor: 'School mentor',
    hostMentor: 'Host mentor',
    responsibilities: '6. Responsibilities and duties of the parties',
    schoolDuties: 'Sending institution',
    hostDuties: 'Host',
    learnerDuties: 'Learner',
    insurance: '7. Insurance',
    assessment: '8. Assessment and recognition',
    method: 'How outcomes are assessed',
    grading: 'Grading',
    gradings: { scale_10: 'on a scale of 1 to 10', pass_fail: 'pass / fail' },
    recognition: 'Recognition',
    mou: 'Memorandum of understanding',
    communication: 'Communication plan',
    every: 'every {n} days',
    groupProgramme: 'Group learning programme',
    notes: 'Other conditions',
    signatures: 'Signatures',
    signaturesIntro:
      'The parties below signed this version. Each signature is of the SHA-256 checksum of the content given below.',
    party: 'Party',
    signer: 'Signer',
    signedAt: 'Signed',
    method_: 'How',
    methods: { in_app: 'in the Tilts app', email_link: 'by e-mailed link' },
    notSigned: 'not signed yet',
    notSent: 'This version has not been sent for signature yet.',
    hash: 'Content SHA-256',
    check: 'Check this document at {url} (upload the PDF or type the checksum).',
  },
} as const;

export interface VersionMeta {
  version: number;
  status: VersionStatus;
  contentHash: string;
  changeReason: ChangeReason | null;
  changeComment: string;
  signatures: SignatureView[];
  /** Fixes the file's creation time, so one version renders to the same bytes every time. */
  stamp: Date;
}

function timeText(isoTime: string, locale: Locale) {
  const [date, time] = isoTime.split('T');
  return `${formatIsoDate(date!, locale)} ${time!.slice(0, 5)} UTC`;
}

const or = (s: string | null | undefined) => (s?.trim() ? s : '—');

/** The agreement's text, section by section (DOMAIN.md section 3, step 3), in one language. */
export function agreementBody(c: AgreementContent, locale: Locale): Content[] {
  const w = words[locale];
  const en = locale === 'en';
  const out: Content[] = [];
  out.push({ text: w.parties, style: 'h2' });
  out.push({ text: w.sendingSchool, style: 'h3' });
  out.push(
    fieldTable([
      [w.name, c.school.name],
      [w.address, c.school.legalAddress],
      [w.regNo, c.school.registrationNumber],
      ...(c.school.erasmusOid ? [[w.oid, c.school.erasmusOid] as [string, string]] : []),
    ]),
  );
  out.push({ text: w.host, style: 'h3' });
  out.push(
    fieldTable([
      [w.name, c.host?.name],
      [w.address, c.host?.legalAddress],
      [w.regNo, c.host?.registrationNumber],
      [
        w.country,
        c.host ? [countryName(c.host.country, locale), c.host.city].filter(Boolean).join(', ') : '',
      ],
    ]),
  );
  out.push({ text: w.learner, style: 'h3' });
  out.push(
    fieldTable([
      [w.learnerName, `${c.learner.givenName} ${c.learner.familyName}`],
      [w.birthDate, c.learner.dateOfBirth ? formatIsoDate(c.learner.dateOfBirth, locale) : ''],
      [w.email, c.learner.email],
    ]),
  );
  if (c.guardian) {
    out.push({ text: w.guardian, style: 'h3' });
    out.push(
      fieldTable([
        [w.name, c.guardian.name],
        [w.email, c.guardian.email],
      ]),
    );
  }

  out.push({ text: w.qualification, style: 'h2' });
  const q = c.qualification;
  out.push(
    fieldTable([
      [w.qualificationName, q ? `${q.code} ${en && q.titleEn ? q.titleEn : q.title}` : ''],
      [w.eqf, q ? String(q.eqfLevel) : ''],
      [w.lki, q ? String(q.lkiLevel) : ''],
      [w.eduProgramme, q?.programme],
      ...(c.programme
        ? [
            [w.internshipProgramme, `${c.programme.title} (${c.programme.hours} ${w.hours})`] as [
              string,
              string,
            ],
          ]
        : []),
      ...(c.project ? [[w.project, `${c.project.number} · ${c.project.title}`] as [string, string]] : []),
      ...(c.activityType
        ? [[w.activity, activityTypeNames[locale][c.activityType]] as [string, string]]
        : []),
    ]),
  );

  out.push({ text: w.period, style: 'h2' });
  out.push(
    fieldTable([
      [w.dates, `${formatIsoDate(c.period.startDate, locale)}–${formatIsoDate(c.period.endDate, locale)}`],
      [w.travelDays, String(c.period.travelDays)],
      [w.plannedHours, c.period.plannedHours ? String(c.period.plannedHours) : ''],
      [w.mode, w.modes[c.mode]],
    ]),
  );
  if (c.communication) {
    out.push({
      text: `${w.communication}: ${c.communication.channels.join(', ')}${
        c.communication.everyDays ? `, ${w.every.replace('{n}', String(c.communication.everyDays))}` : ''
      }${c.communication.who ? `; ${c.communication.who}` : ''}`,
    });
  }

  out.push({ text: c.kind === 'learning_contract' ? w.outcomesDvb : w.outcomes, style: 'h2' });
  const units = c.units.filter((u) => u.outcomes.some((o) => o.included));
  if (units.length === 0) out.push({ text: w.noOutcomes, color: '#555555' });
  for (const u of units) {
    out.push({
      text: `${w.unit} ${u.code}: ${en && u.titleEn ? u.titleEn : u.title} · EQF/EKI ${u.eqfLevel} · ${u.creditPoints} ${w.credits}`,
      style: 'h3',
    });
    out.push({
      ul: u.outcomes
        .filter((o) => o.included)
        .map((o) => ({
          text: [
            { text: `${w.kinds[o.kind]}: `, bold: true },
            en && o.textEn ? o.textEn : o.text,
            ...(c.kind === 'learning_contract'
              ? [{ text: ` (${w.places[o.place]})`, color: '#555555' }]
              : []),
            ...(o.criteria ? [{ text: `\n${w.criteria}: ${o.criteria}`, style: 'small' }] : []),
          ],
        })),
      margin: [0, 0, 0, 4],
    });
    if (u.activities.trim()) {
      out.push({ text: [{ text: `${w.activities}: `, bold: true }, u.activities], margin: [0, 0, 0, 6] });
    }
  }
  if (c.tasks.length) {
    out.push({ text: w.tasks, style: 'h3' });
    out.push({
      ol: c.tasks.map(
        (t) =>
          `${t.title}${t.description ? ` — ${t.description}` : ''} (${w.dueDay.replace('{n}', String(t.dueDay))})`,
      ),
    });
  }

  out.push({ text: w.mentors, style: 'h2' });
  const person = (p: { name: string; position: string; email: string; phone: string } | null) =>
    p ? [p.name, p.position, p.email, p.phone].filter((x) => x.trim()).join(', ') : '';
  out.push(
    fieldTable([
      [w.schoolMentor, person(c.schoolMentor)],
      [w.hostMentor, person(c.hostMentor)],
    ]),
  );

  out.push({ text: w.responsibilities, style: 'h2' });
  out.push(
    fieldTable([
      [w.schoolDuties, c.responsibilities.school],
      [w.hostDuties, c.responsibilities.host],
      [w.learnerDuties, c.responsibilities.learner],
    ]),
  );

  out.push({ text: w.insurance, style: 'h2' });
  out.push({ text: or(c.insurance) });

  out.push({ text: w.assessment, style: 'h2' });
  out.push(
    fieldTable([
      [w.method, c.assessment.method],
      [w.grading, w.gradings[c.assessment.grading]],
      [w.recognition, c.recognition],
      ...(c.mou
        ? [
            [w.mou, `${c.mou.title} (${c.mou.version}; ${formatIsoDate(c.mou.validUntil, locale)})`] as [
              string,
              string,
            ],
          ]
        : []),
    ]),
  );
  if (c.groupProgramme.trim()) {
    out.push({ text: w.groupProgramme, style: 'h2' });
    out.push({ text: c.groupProgramme });
  }
  if (c.notes.trim()) {
    out.push({ text: w.notes, style: 'h2' });
    out.push({ text: c.notes });
  }
  return out;
}

// Only the regular and bold faces: each face a document uses is parsed and subset again for every
// file, and a third one cost a quarter of the render time (see docs/benchmarks.md).

/**
 * One version as a PDF in Latvian or English: the content, then a last page listing every signature
 * and the content hash a reader checks on the public page. The hash is in the metadata too.
 */
export async function renderAgreementPdf(
  c: AgreementContent,
  meta: VersionMeta,
  locale: Locale,
  checkUrl: string,
): Promise<Buffer> {
  const w = words[locale];
  const title = agreementKindNames[locale][c.kind];
  const learner = `${c.learner.givenName} ${c.learner.familyName}`;
  const content: Content[] = [
    { text: title, style: 'title' },
    {
      text: `${learner} · ${c.host?.name ?? '—'} · ${w.version} ${meta.version} (${versionStatusNames[locale][meta.status]})`,
      style: 'subtitle',
    },
  ];
  if (meta.changeReason) {
    content.push({
      text: `${w.change}: ${changeReasonNames[locale][meta.changeReason]}${meta.changeComment ? ` — ${meta.changeComment}` : ''}`,
      margin: [0, 0, 0, 8],
    });
  }
  content.push(...agreementBody(c, locale));
  content.push({ text: w.signatures, style: 'title', pageBreak: 'before' });
  content.push({ text: `${title} · ${learner} · ${w.version} ${meta.version}`, style: 'subtitle' });
  if (meta.signatures.length === 0) content.push({ text: w.notSent, color: '#555555', margin: [0, 0, 0, 8] });
  else {
    content.push({ text: w.signaturesIntro, margin: [0, 0, 0, 8] });
    content.push({
      table: {
        headerRows: 1,
        widths: [90, '*', 80, 70],
        body: [
          [w.party, w.signer, w.signedAt, w.method_].map((h) => ({ text: h, style: 'tableHeader' })),
          ...meta.signatures.map((s) => [
            agreementPartyNames[locale][s.party],
            s.signedAt
              ? [s.name, s.position, s.email].filter((x) => x?.trim()).join(', ')
              : `${s.expectedName || '—'} (${w.notSigned})`,
            s.signedAt ? timeText(s.signedAt, locale) : '—',
            s.method ? w.methods[s.method] : '—',
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 0, 0, 12],
    });
  }
  content.push({ text: w.hash, style: 'h3' });
  content.push({ text: meta.contentHash, style: 'mono' });
  content.push({ text: w.check.replace('{url}', checkUrl), margin: [0, 10, 0, 0] });
  return renderPdf(content, {
    title: `${title} — ${learner}`,
    locale,
    footer: `${title} · ${w.version} ${meta.version} · SHA-256 ${meta.contentHash.slice(0, 16)}…`,
    keywords: `sha256:${meta.contentHash} version:${meta.version}`,
    createdAt: meta.stamp,
  });
}
