import type { CheckId, Locale } from '@tilts/shared';

type Words = Record<string, (p: Record<string, string>) => string>;

/** What each check says, in plain words; `{…}` names come from the check. */
const words: Record<Locale, Record<CheckId, Words>> = {
  lv: {
    size: {
      passed: () => 'Apjoms ir pieņemams.',
      failed: (p) => `Dokuments ir pārāk liels (${p.size}); apliecinājums nedrīkst pārsniegt ${p.max}.`,
    },
    json: {
      passed: () => 'Dokuments ir derīgs JSON.',
      failed: (p) => `Dokuments nav derīgs JSON objekts: ${p.reason}.`,
    },
    structure: {
      passed: () => 'Dokuments ir W3C verificējams apliecinājums (VC 2.0) ar Open Badges 3.0 sasniegumu.',
      failed: (p) => `Dokuments nav Open Badges 3.0 apliecinājums: ${p.reason}.`,
    },
    contexts: {
      passed: () => 'Visi JSON-LD konteksti ir zināmi publiski konteksti.',
      failed: (p) => `Nezināms JSON-LD konteksts ${p.url}; Tilts konteksts neielādē no tīkla.`,
    },
    schema: {
      passed: () => 'Atbilst oficiālajai 1EdTech Open Badges 3.0 JSON shēmai.',
      failed: (p) => `Neatbilst Open Badges 3.0 JSON shēmai: ${p.reason}.`,
    },
    issuer: {
      passed: (p) => `Izdevējs: ${p.name} (${p.did}).`,
      failed: (p) =>
        `Nezināms izdevējs ${p.did}: Tilts var pārbaudīt tikai šajā Tilts izdotus apliecinājumus, jo izdevēja atslēgas neielādē no tīkla.`,
    },
    signature: {
      passed: () => 'Paraksts (eddsa-rdfc-2022) ir derīgs: kopš parakstīšanas nekas nav mainīts.',
      failed: (p) => `Paraksts nav derīgs: ${p.reason}.`,
    },
    key: {
      passed: (p) => `Parakstīts ar atslēgu ${p.key}, kas parakstīšanas brīdī bija spēkā.`,
      failed: (p) => `Atslēga ${p.key} parakstīšanas brīdī (${p.created}) nebija spēkā.`,
    },
    validity: {
      passed: (p) => (p.until ? `Derīgs līdz ${p.until}.` : 'Derīgs bez termiņa.'),
      failed: (p) => (p.until ? `Derīguma termiņš beidzās ${p.until}.` : `Derīgs tikai no ${p.from}.`),
    },
    revocation: {
      passed: () => 'Nav atsaukts.',
      failed: (p) =>
        p.reason ? `Statusu nevar pārbaudīt: ${p.reason}.` : 'Izdevējs šo apliecinājumu ir atsaucis.',
      skipped: () => 'Apliecinājumam nav statusa ieraksta.',
    },
    suspension: {
      passed: () => 'Nav apturēts.',
      failed: (p) =>
        p.reason
          ? `Statusu nevar pārbaudīt: ${p.reason}.`
          : 'Izdevējs šī apliecinājuma darbību ir apturējis.',
      skipped: () => 'Apturēšanu var pārbaudīt tikai Tilts izdotiem apliecinājumiem.',
    },
  },
  en: {
    size: {
      passed: () => 'The size is acceptable.',
      failed: (p) => `The document is too large (${p.size}); a credential may be at most ${p.max}.`,
    },
    json: {
      passed: () => 'The document is valid JSON.',
      failed: (p) => `The document is not a valid JSON object: ${p.reason}.`,
    },
    structure: {
      passed: () =>
        'The document is a W3C Verifiable Credential (VC 2.0) with an Open Badges 3.0 achievement.',
      failed: (p) => `The document is not an Open Badges 3.0 credential: ${p.reason}.`,
    },
    contexts: {
      passed: () => 'Every JSON-LD context is a known public context.',
      failed: (p) => `Unknown JSON-LD context ${p.url}; Tilts does not load contexts from the network.`,
    },
    schema: {
      passed: () => 'Matches the official 1EdTech Open Badges 3.0 JSON schema.',
      failed: (p) => `Does not match the Open Badges 3.0 JSON schema: ${p.reason}.`,
    },
    issuer: {
      passed: (p) => `Issued by ${p.name} (${p.did}).`,
      failed: (p) =>
        `Unknown issuer ${p.did}: Tilts can check only credentials issued on this Tilts, because it does not load issuers' keys from the network.`,
    },
    signature: {
      passed: () => 'The signature (eddsa-rdfc-2022) holds: nothing has changed since it was signed.',
      failed: (p) => `The signature does not hold: ${p.reason}.`,
    },
    key: {
      passed: (p) => `Signed with key ${p.key}, which was in force at the time of signing.`,
      failed: (p) => `Key ${p.key} was not in force when the proof was made (${p.created}).`,
    },
    validity: {
      passed: (p) => (p.until ? `Valid until ${p.until}.` : 'Valid with no end date.'),
      failed: (p) => (p.until ? `Expired on ${p.until}.` : `Valid only from ${p.from}.`),
    },
    revocation: {
      passed: () => 'Not revoked.',
      failed: (p) =>
        p.reason ? `The status cannot be checked: ${p.reason}.` : 'The issuer has revoked this credential.',
      skipped: () => 'The credential carries no status entry.',
    },
    suspension: {
      passed: () => 'Not suspended.',
      failed: (p) =>
        p.reason ? `The status cannot be checked: ${p.reason}.` : 'The issuer has suspended this credential.',
      skipped: () => 'Suspension can be checked only for credentials issued by Tilts.',
    },
  },
};

const skippedWords: Record<Locale, string> = {
  lv: 'Netika pārbaudīts, jo iepriekšēja pārbaude neizdevās.',
  en: 'Not checked, because an earlier check failed.',
};

export function checkMessage(
  locale: Locale,
  id: CheckId,
  status: 'passed' | 'failed' | 'skipped' | 'warning',
  params: Record<string, string> = {},
): string {
  const key = status === 'warning' ? 'failed' : status;
  const make = words[locale][id][key];
  return make ? make(params) : skippedWords[locale];
}
