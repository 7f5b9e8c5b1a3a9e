import {
  countryName,
  formatIsoDate,
  type Locale,
  type MouCatalogueEntry,
  type MouDocument,
  mouStatusNames,
} from '@tilts/shared';
import { type Content, fieldTable, renderPdf } from '../../pdf/pdf.ts';
import { rigaDateTime } from './mous.repository.ts';

const words = {
  lv: {
    title: 'Saprašanās memorands',
    version: (n: number) => `${n}. versija`,
    status: 'Statuss',
    nature:
      'Saprašanās memorands ir rakstiska, neformāla un brīvprātīga vienošanās starp partneriem par sadarbības ietvaru un principiem mācīšanās rezultātu sasniegšanai mobilitātē, noslēgta pirms projekta sākuma. Tas nav finanšu vai juridisks līgums un nav mācību programma.',
    objectives: '1. Mērķi',
    parties: '2. Parakstītājas organizācijas',
    country: 'Valsts',
    organisation: 'Organizācija',
    address: 'Adrese',
    phone: 'Tālrunis',
    website: 'Tīmekļa vietne',
    contact: 'Kontaktpersona',
    contactPosition: 'Kontaktpersonas amats',
    signatory: 'Parakstītājs',
    qualifications: '3. Kvalifikācijas',
    units: '4. Mobilitātē izmantotās mācīšanās rezultātu vienības',
    outcomes: '5. Mācīšanās rezultātu novērtēšana, dokumentēšana, validēšana un atzīšana',
    assessment: 'Novērtēšana',
    documentation: 'Dokumentēšana',
    validation: 'Validēšana',
    recognition: 'Atzīšana',
    responsibilities: 'Atbildīgās personas un iestādes',
    duration: '6. Plānotais mobilitātes ilgums',
    minDuration: 'Minimālais ilgums',
    maxDuration: 'Maksimālais ilgums',
    daysWord: (n: number) => `${n} ${n % 10 === 1 && n % 100 !== 11 ? 'diena' : 'dienas'}`,
    evaluation: '7. Izvērtēšana un pārskatīšana',
    validity: '8. Derīgums',
    validFrom: 'Spēkā no',
    validUntil: 'Spēkā līdz',
    signatures: '9. Paraksti',
    signedBy: 'Parakstīja',
    signedAt: 'Kad',
    method: 'Kā',
    methods: { in_app: 'platformā Tilts', email_link: 'ar e-pastā saņemtu saiti' },
    hash: 'Parakstītā satura SHA-256',
    notSigned: 'Vēl nav parakstīts.',
    contentHash: 'Satura SHA-256',
    notSent: 'Melnraksts: saturs vēl nav nosūtīts parakstīšanai un var mainīties.',
    eqf: 'EKI',
    credits: 'kredītpunkti',
    none: '—',
  },
  en: {
    title: 'Memorandum of Understanding',
    version: (n: number) => `Version ${n}`,
    status: 'Status',
    nature:
      'A memorandum of understanding is a written, informal and voluntary agreement between partners on the framework and principles of cooperation for achieving learning outcomes in mobility, made before the project starts. It is not a financial or legal contract and not a curriculum.',
    objectives: '1. Objectives',
    parties: '2. Signing organisations',
    country: 'Country',
    organisation: 'Organisation',
    address: 'Address',
    phone: 'Phone',
    website: 'Website',
    contact: 'Contact person',
    contactPosition: 'Contact person’s position',
    signatory: 'Signatory',
    qualifications: '3. Qualifications',
    units: '4. Units of learning outcomes used in mobility',
    outcomes: '5. Assessment, documentation, validation and recognition of learning outcomes',
    assessment: 'Assessment',
    documentation: 'Documentation',
    validation: 'Validation',
    recognition: 'Recognition',
    responsibilities: 'Who is responsible',
    duration: '6. Planned duration of mobility',
    minDuration: 'Minimum duration',
    maxDuration: 'Maximum duration',
    daysWord: (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`,
    evaluation: '7. Evaluation and revision',
    validity: '8. Validity',
    validFrom: 'In force from',
    validUntil: 'In force until',
    signatures: '9. Signatures',
    signedBy: 'Signed by',
    signedAt: 'When',
    method: 'How',
    methods: { in_app: 'in Tilts', email_link: 'through an e-mailed link' },
    hash: 'SHA-256 of the signed content',
    notSigned: 'Not signed yet.',
    contentHash: 'Content SHA-256',
    notSent: 'Draft: the content has not been sent for signature and may still change.',
    eqf: 'EQF',
    credits: 'credit points',
    none: '—',
  },
} as const;

function paragraph(text: string, none: string): Content {
  return { text: text.trim() ? text : none, margin: [0, 0, 0, 4] };
}

function entryLine(e: MouCatalogueEntry, locale: Locale): string {
  const w = words[locale];
  const title = locale === 'en' && e.titleEn ? e.titleEn : e.title;
  const credits =
    e.creditPoints && Number(e.creditPoints) > 0 ? `, ${Number(e.creditPoints)} ${w.credits}` : '';
  return `${e.code} ${title} (${w.eqf} ${e.eqfLevel}${credits})`;
}

export interface MouPdfContext {
  locale: Locale;
  /** How it ended, in the reader's words, when it has. */
  endNote?: string;
}

/** The memorandum as a PDF in Latvian or English: every section, the parties and their signatures. */
export async function renderMouPdf(doc: MouDocument, ctx: MouPdfContext): Promise<Buffer> {
  const { locale } = ctx;
  const w = words[locale];
  const days = (n: number | null) => (n ? w.daysWord(n) : w.none);
  const content: Content[] = [
    { text: w.title, style: 'title' },
    {
      text: `${doc.title} · ${w.version(doc.version)} · ${w.status}: ${mouStatusNames[locale][doc.status]}`,
      style: 'subtitle',
    },
    ...(ctx.endNote ? [{ text: ctx.endNote, style: 'subtitle' } as Content] : []),
    { text: w.nature, style: 'small', margin: [0, 0, 0, 8] },
    { text: w.objectives, style: 'h2' },
    paragraph(doc.objectives, w.none),
    { text: w.parties, style: 'h2' },
    ...doc.parties.map(
      (p): Content => ({
        stack: [
          { text: p.organisationName, style: 'h3' },
          fieldTable([
            [w.country, `${countryName(p.country, locale)} (${p.country})`],
            [w.organisation, p.organisationName],
            [w.address, p.address],
            [w.phone, p.phone],
            [w.website, p.website],
            [w.contact, p.contactName],
            [w.contactPosition, p.contactPosition],
            [w.signatory, [p.signatoryName, p.signatoryPosition].filter(Boolean).join(', ')],
          ]),
        ],
        unbreakable: true,
      }),
    ),
    { text: w.qualifications, style: 'h2' },
    doc.qualifications.length
      ? { ul: doc.qualifications.map((q) => entryLine(q, locale)) }
      : paragraph('', w.none),
    { text: w.units, style: 'h2' },
    doc.units.length ? { ul: doc.units.map((u) => entryLine(u, locale)) } : paragraph('', w.none),
    { text: w.outcomes, style: 'h2' },
    { text: w.assessment, style: 'h3' },
    paragraph(doc.assessment, w.none),
    { text: w.documentation, style: 'h3' },
    paragraph(doc.documentation, w.none),
    { text: w.validation, style: 'h3' },
    paragraph(doc.validation, w.none),
    { text: w.recognition, style: 'h3' },
    paragraph(doc.recognition, w.none),
    { text: w.responsibilities, style: 'h3' },
    paragraph(doc.responsibilities, w.none),
    { text: w.duration, style: 'h2' },
    fieldTable([
      [w.minDuration, days(doc.minDurationDays)],
      [w.maxDuration, days(doc.maxDurationDays)],
    ]),
    { text: w.evaluation, style: 'h2' },
    paragraph(doc.evaluation, w.none),
    { text: w.validity, style: 'h2' },
    fieldTable([
      [w.validFrom, doc.validFrom ? formatIsoDate(doc.validFrom, locale) : w.none],
      [w.validUntil, doc.validUntil ? formatIsoDate(doc.validUntil, locale) : w.none],
    ]),
    { text: w.signatures, style: 'h2' },
    doc.contentHash
      ? { text: `${w.contentHash}: ${doc.contentHash}`, style: 'mono', margin: [0, 0, 0, 6] }
      : { text: w.notSent, style: 'small', margin: [0, 0, 0, 6] },
    ...doc.parties.map(
      (p): Content => ({
        stack: [
          { text: p.organisationName, style: 'h3' },
          p.signature
            ? fieldTable([
                [
                  w.signedBy,
                  [p.signature.name, p.signature.position, p.signature.email].filter(Boolean).join(', '),
                ],
                [w.signedAt, rigaDateTime(p.signature.at, locale)],
                [w.method, w.methods[p.signature.method]],
                [w.hash, p.signature.hash],
              ])
            : { text: w.notSigned, margin: [0, 0, 0, 6] },
        ],
        unbreakable: true,
      }),
    ),
  ];
  return renderPdf(content, {
    title: `${w.title}: ${doc.title}`,
    locale,
    footer: `${w.title} · ${doc.title} · ${w.version(doc.version)}`,
    ...(doc.contentHash ? { keywords: `sha256:${doc.contentHash}` } : {}),
  });
}
