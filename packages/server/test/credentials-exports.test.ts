import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineLoader } from '../src/features/credentials/contexts.ts';
import { readPdf } from '../src/pdf/pdf-text.ts';
import { createTemplate, issue, TEST_MASTER_KEY } from './support/credentials.ts';
import { createTestTilts, createWorld, PUBLIC_URL, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;
let learner: string;
let id: string;

beforeAll(async () => {
  t = await createTestTilts({ TILTS_MASTER_KEY: TEST_MASTER_KEY });
  world = await createWorld(t);
  const admin = await t.signIn('admin@a.test');
  await t.request('PUT', '/api/credentials/issuer', {
    cookie: admin,
    body: { region: 'Vidzeme', website: '' },
  });
  learner = await t.signIn('learner@a.test');
  const template = await createTemplate(t, admin);
  id = await issue(t, admin, { templateId: template.id, learnerId: world.users.learner.id, grade: '9' });
});
afterAll(() => t?.close());

const ELM = 'http://data.europa.eu/snb/model/elm/';
const pdfOf = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: learner } });

describe('PDF', () => {
  it('prints every EU element in Latvian with a QR code and link to the verification page', async () => {
    const res = await pdfOf(`/api/my/credentials/${id}/credential.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    const text = pdf.pages.join('\n');
    for (const expected of [
      'Moduļa apliecība',
      'Metināšana ar MIG/MAG metodi',
      'Ēriks Žubīts-learner',
      'Rīgas Valsts tehnikums',
      'Latvija, Vidzeme',
      '3 ECTS, 80 stundas',
      'EKI līmenis',
      'Noslēguma pārbaudījums',
      'Jaukta forma, Formālā izglītība',
      'Klātienē ar identitātes pārbaudi',
      'Sagatavo metināmās virsmas atbilstoši rasējumam',
    ]) {
      expect(text).toContain(expected);
    }
    const link = text.match(new RegExp(`${PUBLIC_URL}/v/[\\w-]+`))?.[0];
    expect(link).toBeTruthy();
    const token = link!.split('/v/')[1];
    const shared = await t.request('GET', `/api/shared/${token}`);
    expect(shared.json().verification.verified).toBe(true);
    const again = await pdfOf(`/api/my/credentials/${id}/credential.pdf?lang=en`);
    const english = (await readPdf(again.rawPayload)).pages.join('\n');
    expect(english).toContain('Module certificate');
    expect(english).toContain(link!);
  });
});

describe('European Learning Model export', () => {
  it('is JSON-LD that expands with the bundled ELM context, nothing dropped, carrying each mandatory element', async () => {
    const res = await t.request('GET', `/api/my/credentials/${id}/elm.jsonld`, { cookie: learner });
    expect(res.status).toBe(200);
    const elm = JSON.parse(res.body);
    expect(elm['@context']).toEqual([
      'https://www.w3.org/2018/credentials/v1',
      'http://data.europa.eu/snb/model/context/edc-ap',
    ]);
    // safe mode throws on any term the context does not define, instead of silently dropping it
    const expanded = await jsonld.expand(elm, { documentLoader: offlineLoader(), safe: true });
    const flat = JSON.stringify(expanded);
    for (const term of [
      'hasClaim',
      'awardedBy',
      'awardingBody',
      'awardingDate',
      'learningOutcome',
      'creditPoint',
      'volumeOfLearning',
      'EQFLevel',
      'mode',
      'learningSetting',
      'accreditation',
      'entryRequirement',
      'idVerification',
      'grade',
      'gradingScheme',
      'countryCode',
    ]) {
      expect(flat, term).toContain(`${ELM}${term}`);
    }
    expect(flat).toContain('http://data.europa.eu/snb/eqf/4');
    expect(flat).toContain('http://publications.europa.eu/resource/authority/country/LVA');
    const claim = elm.credentialSubject.hasClaim;
    expect(elm.credentialSubject.givenName).toEqual({ lv: 'Ēriks' });
    expect(claim.specifiedBy.learningOutcome).toHaveLength(3);
    expect(claim.specifiedBy.creditPoint.point).toBe('3');
    expect(claim.specifiedBy.volumeOfLearning).toBe('PT80H');
    expect(claim.provenBy.grade.noteLiteral).toEqual({ lv: '9' });
    expect(claim.awardedBy.awardingBody.legalName).toEqual({ lv: 'Rīgas Valsts tehnikums' });
  });
});
