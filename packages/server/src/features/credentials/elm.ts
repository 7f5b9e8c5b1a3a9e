import { credentialWords, type Locale } from '@tilts/shared';
import { ELM_CONTEXT } from './contexts.ts';
import { displayOf } from './verify.ts';

const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const SNB = 'http://data.europa.eu/snb';
const AUTHORITY = 'http://publications.europa.eu/resource/authority';

// Alpha-3 codes of the EU authority table, for the countries Latvian schools deal with most.
const alpha3: Record<string, string> = {
  AT: 'AUT',
  BE: 'BEL',
  BG: 'BGR',
  CH: 'CHE',
  CY: 'CYP',
  CZ: 'CZE',
  DE: 'DEU',
  DK: 'DNK',
  EE: 'EST',
  ES: 'ESP',
  FI: 'FIN',
  FR: 'FRA',
  GB: 'GBR',
  GR: 'GRC',
  HR: 'HRV',
  HU: 'HUN',
  IE: 'IRL',
  IS: 'ISL',
  IT: 'ITA',
  LI: 'LIE',
  LT: 'LTU',
  LU: 'LUX',
  LV: 'LVA',
  MK: 'MKD',
  MT: 'MLT',
  NL: 'NLD',
  NO: 'NOR',
  PL: 'POL',
  PT: 'PRT',
  RO: 'ROU',
  RS: 'SRB',
  SE: 'SWE',
  SI: 'SVN',
  SK: 'SVK',
  TR: 'TUR',
  UA: 'UKR',
};
const languages: Record<Locale, [string, string]> = { lv: ['LAV', 'Latvian'], en: ['ENG', 'English'] };

function concept(id: string, scheme: string, label: string, notation?: string) {
  return {
    id,
    type: 'Concept',
    inScheme: { id: scheme, type: 'ConceptScheme' },
    ...(notation ? { notation } : {}),
    prefLabel: { en: label },
  };
}

/**
 * EU vocabulary concepts Tilts knows the IRIs of (from the European Commission's sample credential);
 * the rest are `urn:tilts:concept:` concepts with a label, until the vocabularies are bundled.
 */
const known = {
  mode: {
    online: concept(`${SNB}/learning-assessment/920fbb3cbe`, `${SNB}/learning-assessment/25831c2`, 'Online'),
    blended: concept(
      `${SNB}/learning-assessment/e92d221e4d`,
      `${SNB}/learning-assessment/25831c2`,
      'Blended',
    ),
    'on-site': concept(
      'urn:tilts:concept:learning-assessment:on-site',
      `${SNB}/learning-assessment/25831c2`,
      'Face-to-face',
    ),
  } as Record<string, object>,
  setting: {
    'non-formal': concept(
      `${SNB}/learning-setting/e207a81fc7`,
      `${SNB}/learning-setting/25831c2`,
      'non-formal learning',
    ),
    formal: concept(
      'urn:tilts:concept:learning-setting:formal',
      `${SNB}/learning-setting/25831c2`,
      'formal learning',
    ),
  } as Record<string, object>,
  idVerification: {
    none: concept(
      `${SNB}/supervision-verification/c598449d64`,
      `${SNB}/supervision-verification/25831c2`,
      'Unsupervised without ID Verification',
    ),
    supervised: concept(
      'urn:tilts:concept:supervision-verification:supervised',
      `${SNB}/supervision-verification/25831c2`,
      'Supervised without ID Verification',
    ),
    'online-id': concept(
      'urn:tilts:concept:supervision-verification:online-id',
      `${SNB}/supervision-verification/25831c2`,
      'Supervised with online ID Verification',
    ),
    'onsite-id': concept(
      'urn:tilts:concept:supervision-verification:onsite-id',
      `${SNB}/supervision-verification/25831c2`,
      'Supervised with onsite ID Verification',
    ),
  } as Record<string, object>,
};

const note = (id: string, lang: string, text: string) => ({
  id,
  type: 'Note',
  noteLiteral: { [lang]: text },
});
const unhyphen = (code: string) => code.replace(/-/g, '_');

/**
 * The credential in the European Learning Model (ELM v3, EDC application profile) for Europass:
 * the same elements as the signed Open Badges credential, in EU vocabulary. Unsigned: Europass
 * wallets import it as a description; the signed original stays the Open Badges JSON.
 */
export function toElm(
  credential: Record<string, unknown>,
  person: { givenName: string; familyName: string },
) {
  const d = displayOf(credential);
  const achievement = ((credential.credentialSubject as Record<string, unknown>)?.achievement ??
    {}) as Record<string, unknown>;
  const locale: Locale = achievement.inLanguage === 'en' ? 'en' : 'lv';
  const [langCode, langName] = languages[locale];
  const lang = locale;
  const language = concept(
    `${AUTHORITY}/language/${langCode}`,
    `${AUTHORITY}/language`,
    langName,
    'language',
  );
  const uuid = String(credential.id ?? '').replace(/^urn:uuid:/, '');
  const country = d.issuer.countryCode ?? 'LV';
  const countryConcept = concept(
    alpha3[country] ? `${AUTHORITY}/country/${alpha3[country]}` : `urn:tilts:concept:country:${country}`,
    `${AUTHORITY}/country`,
    country,
    'country',
  );
  const words = credentialWords[locale];
  const title = d.title ?? '';

  const organisation = {
    id: 'urn:epass:org:1',
    type: 'Organisation',
    legalName: { [lang]: d.issuer.name ?? '' },
    ...(d.issuer.url
      ? { homepage: { id: 'urn:epass:webResource:1', type: 'WebResource', contentURL: d.issuer.url } }
      : {}),
    location: {
      id: 'urn:epass:location:1',
      type: 'Location',
      address: {
        id: 'urn:epass:address:1',
        type: 'Address',
        countryCode: countryConcept,
        ...(d.issuer.region ? { fullAddress: note('urn:epass:note:region', lang, d.issuer.region) } : {}),
      },
    },
  };
  const awardedBy = {
    id: 'urn:epass:awardingProcess:1',
    type: 'AwardingProcess',
    awardingBody: organisation,
    ...(d.issuedAt ? { awardingDate: d.issuedAt } : {}),
  };

  const documentType = d.documentType ? unhyphen(d.documentType) : null;
  const assessmentType = d.assessmentType ? unhyphen(d.assessmentType) : null;
  const qualification: Record<string, unknown> = {
    id: `urn:epass:qualification:${uuid}`,
    type: 'Qualification',
    title: { [lang]: title },
    ...(d.description ? { description: { [lang]: d.description } } : {}),
    language,
    learningOutcome: d.learningOutcomes.map((o, i) => ({
      id: `urn:epass:learningOutcome:${i + 1}`,
      type: 'LearningOutcome',
      title: { [lang]: o.text },
    })),
    ...(d.eqfLevel
      ? { eqfLevel: concept(`${SNB}/eqf/${d.eqfLevel}`, `${SNB}/eqf/25831c2`, `Level ${d.eqfLevel}`) }
      : {}),
    ...(d.lkiLevel
      ? {
          nqfLevel: concept(
            `urn:tilts:concept:lki:${d.lkiLevel}`,
            'urn:tilts:concept-scheme:lki',
            `LKI ${d.lkiLevel}`,
          ),
        }
      : {}),
    ...(d.ects !== null
      ? {
          creditPoint: {
            id: 'urn:epass:creditPoint:1',
            type: 'CreditPoint',
            framework: concept(
              `${SNB}/education-credit/6fcec5c5af`,
              `${SNB}/education-credit/25831c2`,
              'European Credit Transfer System',
            ),
            point: String(d.ects),
          },
        }
      : {}),
    ...(d.hours ? { volumeOfLearning: `PT${d.hours}H` } : {}),
    ...(d.participationMode && known.mode[d.participationMode]
      ? { mode: known.mode[d.participationMode] }
      : {}),
    ...(d.learningSetting && known.setting[d.learningSetting]
      ? { learningSetting: known.setting[d.learningSetting] }
      : {}),
    ...(d.prerequisites ? { entryRequirement: note('urn:epass:note:entry', lang, d.prerequisites) } : {}),
    isPartialQualification: documentType === 'qualification_part',
    ...(d.qualityAssurance
      ? {
          accreditation: {
            id: 'urn:epass:accreditation:1',
            type: 'Accreditation',
            title: { [lang]: d.qualityAssurance },
            accreditingAgent: {
              id: organisation.id,
              type: 'Organisation',
              legalName: organisation.legalName,
            },
          },
        }
      : {}),
    ...(documentType
      ? {
          dcType: concept(
            `urn:tilts:concept:document-type:${documentType}`,
            'urn:tilts:concept-scheme:lv-document-type',
            credentialWords.en.documentType[documentType as keyof typeof words.documentType] ?? documentType,
          ),
        }
      : {}),
    ...(d.furtherInformation || d.stacksInto
      ? {
          additionalNote: [
            ...(d.stacksInto ? [note('urn:epass:note:stacks', lang, d.stacksInto)] : []),
            ...(d.furtherInformation ? [note('urn:epass:note:further', lang, d.furtherInformation)] : []),
          ],
        }
      : {}),
  };

  const assessment = {
    id: 'urn:epass:learningAssessment:1',
    type: 'LearningAssessment',
    title: {
      [lang]: assessmentType
        ? (words.assessmentType[assessmentType as keyof typeof words.assessmentType] ?? assessmentType)
        : title,
    },
    awardedBy,
    ...(d.grade ? { grade: note('urn:epass:note:grade', lang, d.grade) } : {}),
    ...(d.identityVerification && known.idVerification[d.identityVerification]
      ? { idVerification: known.idVerification[d.identityVerification] }
      : {}),
    specifiedBy: {
      id: 'urn:epass:learningAssessmentSpec:1',
      type: 'LearningAssessmentSpecification',
      title: {
        [lang]:
          d.assessmentDescription ||
          (assessmentType
            ? (words.assessmentType[assessmentType as keyof typeof words.assessmentType] ?? assessmentType)
            : title),
      },
      ...(d.gradingScheme
        ? {
            gradingScheme: {
              id: 'urn:epass:gradingScheme:1',
              type: 'GradingScheme',
              title: { [lang]: d.gradingScheme },
            },
          }
        : {}),
      ...(d.participationMode && known.mode[d.participationMode]
        ? { mode: known.mode[d.participationMode] }
        : {}),
      language,
    },
  };

  const fullName = `${person.givenName} ${person.familyName}`.trim();
  return {
    '@context': [VC_V1, ELM_CONTEXT],
    id: `urn:credential:${uuid}`,
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    credentialProfiles: concept(`${SNB}/credential/e34929035b`, `${SNB}/credential/25831c2`, 'Generic'),
    displayParameter: {
      id: 'urn:epass:displayParameter:1',
      type: 'DisplayParameter',
      language,
      primaryLanguage: language,
      title: { [lang]: title },
      ...(d.description ? { description: { [lang]: d.description } } : {}),
    },
    credentialSubject: {
      id: d.learner.id ?? 'urn:epass:person:1',
      type: 'Person',
      givenName: { [lang]: person.givenName },
      familyName: { [lang]: person.familyName },
      fullName: { [lang]: fullName },
      hasClaim: {
        id: 'urn:epass:learningAchievement:1',
        type: 'LearningAchievement',
        title: { [lang]: title },
        awardedBy,
        provenBy: assessment,
        specifiedBy: qualification,
        ...(d.parts.length > 0
          ? {
              hasPart: d.parts.map((p, i) => ({
                id: p.id ?? `urn:epass:learningAchievement:part:${i + 1}`,
                type: 'LearningAchievement',
                title: { [lang]: p.name ?? '' },
                awardedBy,
              })),
            }
          : {}),
      },
    },
    issuer: organisation,
    ...(d.issuedAt ? { issuanceDate: d.issuedAt, validFrom: d.issuedAt } : {}),
    ...(d.validUntil ? { expirationDate: d.validUntil } : {}),
  };
}
