import { countryName, credentialWords, type Locale } from '@tilts/shared';
import { type Content, fieldTable, renderPdf } from '../../pdf/pdf.ts';
import { displayOf } from './verify.ts';

const labels = {
  lv: {
    holder: 'Apliecinājuma saņēmējs',
    awardingBody: 'Piešķīrēja iestāde',
    country: 'Valsts, reģions',
    issued: 'Izdošanas datums',
    validUntil: 'Derīgs līdz',
    noEnd: 'bez termiņa',
    workload: 'Darba slodze',
    hours: 'stundas',
    eqf: 'EKI līmenis',
    lki: 'LKI līmenis',
    assessment: 'Novērtējuma veids',
    participation: 'Līdzdalības veids',
    quality: 'Kvalitātes nodrošināšana',
    prerequisites: 'Iestāšanās nosacījumi',
    identity: 'Identitātes pārbaude novērtēšanā',
    grade: 'Vērtējums',
    grading: 'Vērtēšanas sistēma',
    stacks: 'Savienojamība',
    parts: 'Sastāv no',
    further: 'Papildu informācija',
    outcomes: 'Sasniegtie mācīšanās rezultāti',
    verify: 'Pārbaudiet šī apliecinājuma īstumu',
    verifyText:
      'Noskenējiet QR kodu vai atveriet saiti: tā parāda apliecinājumu un pārbauda izdevēja elektronisko parakstu, atsaukšanu un derīgumu.',
    original:
      'Oriģināls ir elektroniski parakstīts W3C verificējams apliecinājums (Open Badges 3.0, eddsa-rdfc-2022); šis PDF ir tā izdruka.',
    id: 'Apliecinājuma identifikators',
  },
  en: {
    holder: 'Awarded to',
    awardingBody: 'Awarding body',
    country: 'Country, region',
    issued: 'Date of issue',
    validUntil: 'Valid until',
    noEnd: 'no end date',
    workload: 'Workload',
    hours: 'hours',
    eqf: 'EQF level',
    lki: 'LQF (LKI) level',
    assessment: 'Type of assessment',
    participation: 'Form of participation',
    quality: 'Quality assurance',
    prerequisites: 'Prerequisites',
    identity: 'Identity verification during assessment',
    grade: 'Grade',
    grading: 'Grading scheme',
    stacks: 'Stacks into',
    parts: 'Made of',
    further: 'Further information',
    outcomes: 'Learning outcomes achieved',
    verify: 'Check that this credential is genuine',
    verifyText:
      "Scan the QR code or open the link: it shows the credential and checks the issuer's electronic signature, revocation and validity.",
    original:
      'The original is an electronically signed W3C Verifiable Credential (Open Badges 3.0, eddsa-rdfc-2022); this PDF is a print of it.',
    id: 'Credential identifier',
  },
} as const;

const unhyphen = (code: string | null) => (code ? code.replace(/-/g, '_') : null);

function word<T extends Record<string, string>>(table: T, code: string | null): string | null {
  const key = unhyphen(code);
  return key ? (table[key as keyof T] ?? code) : null;
}

function date(iso: string | null, locale: Locale): string | null {
  if (!iso) return null;
  return new Date(iso).toLocaleDateString(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Riga',
  });
}

/**
 * The credential as a printable A4: every EU element, the outcomes, and a QR code that opens the
 * verification page behind a share link.
 */
export async function credentialPdf(credential: Record<string, unknown>, verifyUrl: string, locale: Locale) {
  const d = displayOf(credential);
  const l = labels[locale];
  const w = credentialWords[locale];
  const outcomeKinds = credentialWords.en.outcomeKind;
  const kindWord = (kind: string | null) => {
    const key = Object.entries(outcomeKinds).find(([, v]) => v === kind)?.[0];
    return key ? w.outcomeKind[key as keyof typeof w.outcomeKind] : null;
  };
  const workload = [d.ects !== null ? `${d.ects} ECTS` : null, d.hours ? `${d.hours} ${l.hours}` : null]
    .filter(Boolean)
    .join(', ');
  const participation = [
    word(w.participationMode, d.participationMode),
    word(w.learningSetting, d.learningSetting),
  ]
    .filter(Boolean)
    .join(', ');
  const assessment = [word(w.assessmentType, d.assessmentType), d.assessmentDescription]
    .filter(Boolean)
    .join(' — ');
  const country = [d.issuer.countryCode ? countryName(d.issuer.countryCode, locale) : null, d.issuer.region]
    .filter(Boolean)
    .join(', ');

  const content: Content = [
    { text: word(w.documentType, d.documentType) ?? '', style: 'subtitle', margin: [0, 0, 0, 2] },
    { text: d.title ?? '', style: 'title' },
    { text: `${l.holder}: ${d.learner.name ?? ''}`, fontSize: 12, bold: true, margin: [0, 4, 0, 12] },
    fieldTable([
      [l.awardingBody, d.issuer.name],
      [l.country, country],
      [l.issued, date(d.issuedAt, locale)],
      [l.validUntil, date(d.validUntil, locale) ?? l.noEnd],
      [l.workload, workload],
      [l.eqf, d.eqfLevel],
      [l.lki, d.lkiLevel],
      [l.assessment, assessment],
      [l.participation, participation],
      [l.quality, d.qualityAssurance],
      [l.prerequisites, d.prerequisites],
      [l.identity, word(w.identityVerification, d.identityVerification)],
      [l.grade, d.grade],
      [l.grading, d.gradingScheme],
      [l.parts, d.parts.map((p) => p.name).join('; ')],
      [l.stacks, d.stacksInto],
      [l.further, d.furtherInformation],
    ]),
    { text: l.outcomes, style: 'h2' },
    {
      ul: d.learningOutcomes.map((o) => {
        const kind = kindWord(o.kind);
        return kind ? { text: [o.text, { text: ` (${kind})`, style: 'label' }] } : o.text;
      }),
    },
    {
      margin: [0, 18, 0, 0],
      columns: [
        { qr: verifyUrl, fit: 110, width: 120 },
        {
          width: '*',
          stack: [
            { text: l.verify, style: 'h3', margin: [0, 0, 0, 3] },
            { text: l.verifyText },
            { text: verifyUrl, link: verifyUrl, color: '#0b6e6e', margin: [0, 4, 0, 0] },
            { text: `${l.id}: ${d.id ?? ''}`, style: 'small', margin: [0, 6, 0, 0] },
          ],
        },
      ],
    },
  ];
  return renderPdf(content, { title: d.title ?? 'Credential', locale, footer: l.original });
}
