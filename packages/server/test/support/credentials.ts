import type { TestTilts } from './harness.ts';

export { TEST_MASTER_KEY } from './harness.ts';

/** A template with every EU element, as the admin's form would send it. */
export function templateBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Metināšana ar MIG/MAG metodi',
    description: 'Moduļa apguve darba vidē uzņēmumā.',
    language: 'lv',
    documentType: 'module_certificate',
    learningOutcomes: [
      { text: 'Sagatavo metināmās virsmas atbilstoši rasējumam', kind: 'skills' },
      { text: 'Izvēlas metināšanas režīmu materiālam un biezumam', kind: 'knowledge' },
      { text: 'Ievēro darba drošības prasības', kind: 'responsibility_autonomy' },
    ],
    ects: 3,
    hours: 80,
    eqfLevel: 4,
    lkiLevel: 4,
    assessmentType: 'exam',
    assessmentDescription: 'Praktisks noslēguma pārbaudījums darbnīcā',
    participationMode: 'blended',
    learningSetting: 'formal',
    qualityAssurance: 'Akreditēta profesionālās izglītības programma (IKVD), iekšējā kvalitātes sistēma',
    prerequisites: 'Darba drošības instruktāža',
    identityVerification: 'onsite_id',
    gradingScheme: '10 ballu skala; 4 un vairāk — nokārtots',
    stacksInto: 'Metinātāja kvalifikācija (LKI 4)',
    furtherInformation: 'Apguve notiek sadarbībā ar uzņēmumu.',
    validMonths: null,
    partIds: [],
    ...overrides,
  };
}

export async function createTemplate(t: TestTilts, cookie: string, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/credentials/templates', {
    cookie,
    body: templateBody(overrides),
  });
  if (res.status !== 200) throw new Error(`template: ${res.status} ${res.body}`);
  return res.json() as { id: string; title: string; learningOutcomes: { id: string; text: string }[] };
}

export async function issue(
  t: TestTilts,
  cookie: string,
  body: { templateId: string; learnerId: string; grade?: string },
): Promise<string> {
  const res = await t.request('POST', '/api/credentials', { cookie, body });
  if (res.status !== 200) throw new Error(`issue: ${res.status} ${res.body}`);
  return res.json().id;
}

/** The signed JSON exactly as the learner downloads it. */
export async function download(t: TestTilts, cookie: string, id: string) {
  const res = await t.request('GET', `/api/my/credentials/${id}/credential.json`, { cookie });
  if (res.status !== 200) throw new Error(`download: ${res.status} ${res.body}`);
  return JSON.parse(res.body) as Record<string, any>;
}

export async function verifyOverHttp(t: TestTilts, body: unknown, headers: Record<string, string> = {}) {
  const res = await t.request('POST', '/api/verify', {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
  });
  return {
    status: res.status,
    result: res.json() as { verified: boolean; failed: string[]; checks: any[]; credential: any },
  };
}
