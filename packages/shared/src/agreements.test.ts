import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgreementCheckInput,
  agreementMissing,
  diffContent,
  flattenContent,
  isMinorOn,
  isValidGrade,
  requiredParties,
} from './agreements.ts';

describe('isMinorOn', () => {
  it('turns 18 on the birthday, not the day before', () => {
    expect(isMinorOn('2008-04-06', '2026-04-05')).toBe(true);
    expect(isMinorOn('2008-04-06', '2026-04-06')).toBe(false);
    expect(isMinorOn('2008-02-29', '2026-02-28')).toBe(true);
    expect(isMinorOn('2008-02-29', '2026-03-01')).toBe(false);
    expect(isMinorOn('1990-01-01', '2026-01-01')).toBe(false);
  });

  it('is a minor exactly when the 18th birthday is after the date', () => {
    const date = fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, (born, on) => {
        const [y, m, d] = born.split('-');
        // As text, 29 February of a year without one still sorts between the 28th and 1 March.
        const eighteenth = `${Number(y) + 18}-${m}-${d}`;
        return isMinorOn(born, on) === on < eighteenth;
      }),
    );
  });
});

describe('isValidGrade', () => {
  it('takes 1–10 or pass/fail as the agreement says', () => {
    for (const g of ['1', '7', '10']) expect(isValidGrade(g, 'scale_10')).toBe(true);
    for (const g of ['0', '11', '7.5', 'pass', '', '07']) expect(isValidGrade(g, 'scale_10')).toBe(false);
    expect(isValidGrade('pass', 'pass_fail')).toBe(true);
    expect(isValidGrade('fail', 'pass_fail')).toBe(true);
    expect(isValidGrade('8', 'pass_fail')).toBe(false);
  });
});

const complete: AgreementCheckInput = {
  kind: 'learning_agreement',
  school: { name: 'Rīgas Valsts tehnikums', legalAddress: 'Kr. Valdemāra iela 1c, Rīga' },
  host: { name: 'Müller GmbH', legalAddress: 'Hauptstraße 1, Dresden' },
  learner: { givenName: 'Ģirts', familyName: 'Šņore', dateOfBirth: '2005-01-01' },
  guardian: null,
  minor: false,
  qualification: { eqfLevel: 4 },
  programme: null,
  period: { startDate: '2026-04-06', endDate: '2026-04-19' },
  units: [{ activities: 'Tīkla ierīkošana', outcomes: [{ included: true, place: 'workplace' }] }],
  schoolMentor: { name: 'Gunta Ozoliņa' },
  hostMentor: { name: 'Hans Müller' },
  hostSignatory: { name: 'Hans Müller', email: 'h@example.de' },
  responsibilities: { school: 'a', host: 'b', learner: 'c' },
  insurance: 'BTA',
  assessment: { method: 'Novērošana' },
};

describe('agreementMissing', () => {
  it('finds nothing missing in a complete learning agreement', () => {
    expect(agreementMissing(complete)).toEqual([]);
  });

  it('asks whether the learner is a minor when the birth date is unknown', () => {
    expect(
      agreementMissing({ ...complete, learner: { ...complete.learner, dateOfBirth: null }, minor: null }),
    ).toEqual(['birth_date']);
  });

  it('needs a guardian with an e-mail for a minor', () => {
    expect(agreementMissing({ ...complete, minor: true })).toEqual(['guardian']);
    expect(agreementMissing({ ...complete, minor: true, guardian: { name: 'Māte', email: '' } })).toEqual([
      'guardian',
    ]);
    expect(
      agreementMissing({ ...complete, minor: true, guardian: { name: 'Māte', email: 'm@x.lv' } }),
    ).toEqual([]);
  });

  it('lists every item of seed 003 that is empty', () => {
    const empty: AgreementCheckInput = {
      ...complete,
      school: { name: 'S', legalAddress: '' },
      host: null,
      qualification: null,
      units: [],
      schoolMentor: null,
      hostMentor: { name: '' },
      hostSignatory: { name: 'X', email: '' },
      responsibilities: { school: 'a', host: '', learner: 'c' },
      insurance: ' ',
      assessment: { method: '' },
    };
    expect(agreementMissing(empty)).toEqual([
      'school_address',
      'host',
      'qualification',
      'outcomes',
      'school_mentor',
      'host_mentor',
      'host_signatory',
      'responsibilities',
      'insurance',
      'assessment_method',
    ]);
  });

  it('needs the activities at the host for each Erasmus+ unit, and ignores a unit with nothing included', () => {
    const units = [
      { activities: '', outcomes: [{ included: true, place: 'workplace' as const }] },
      { activities: '', outcomes: [{ included: false, place: 'workplace' as const }] },
    ];
    expect(agreementMissing({ ...complete, units })).toEqual(['activities']);
    expect(agreementMissing({ ...complete, units: [units[1]!, { ...units[0]!, activities: 'x' }] })).toEqual(
      [],
    );
  });

  it('lets an internship follow its programme, and wants a DVB plan with outcomes at the workplace', () => {
    const internship = { ...complete, kind: 'internship_agreement' as const, qualification: null, units: [] };
    expect(agreementMissing(internship)).toEqual(['programme']);
    expect(agreementMissing({ ...internship, programme: { title: 'Prakse' } })).toEqual([]);
    const dvb: AgreementCheckInput = {
      ...complete,
      kind: 'learning_contract' as const,
      units: [{ activities: '', outcomes: [{ included: true, place: 'school' as const }] }],
    };
    expect(agreementMissing(dvb)).toEqual(['individual_plan']);
    dvb.units[0]!.outcomes.push({ included: true, place: 'workplace' });
    expect(agreementMissing(dvb)).toEqual([]);
  });

  it('asks a guardian to sign only for a minor', () => {
    expect(requiredParties(false)).toEqual(['school', 'learner', 'host']);
    expect(requiredParties(true)).toEqual(['school', 'learner', 'host', 'guardian']);
  });
});

describe('diffContent', () => {
  const v1 = {
    period: { startDate: '2026-04-06', endDate: '2026-04-19' },
    units: [
      {
        id: 'u1',
        code: 'M1',
        outcomes: [
          { id: 'o1', text: 'Ierīko tīklu', included: true },
          { id: 'o2', text: 'Konfigurē maršrutētāju', included: true },
        ],
      },
    ],
    insurance: 'BTA',
  };

  it('marks nothing in two equal versions', () => {
    const rows = diffContent(v1, structuredClone(v1));
    expect(rows.some((r) => r.changed)).toBe(false);
    expect(rows.map((r) => r.key)).toEqual(flattenContent(v1).map((l) => l.key));
  });

  it('marks a changed field, with both values, and labels items by their code or text', () => {
    const v2 = structuredClone(v1);
    v2.period.endDate = '2026-04-26';
    v2.units[0]!.outcomes[1]!.included = false;
    const changed = diffContent(v1, v2).filter((r) => r.changed);
    expect(changed).toEqual([
      {
        key: 'period.endDate',
        label: ['period', 'endDate'],
        before: '2026-04-19',
        after: '2026-04-26',
        changed: true,
      },
      {
        key: 'units[u1].outcomes[o2].included',
        label: ['units', 'M1', 'outcomes', 'Konfigurē maršrutētāju', 'included'],
        before: 'true',
        after: 'false',
        changed: true,
      },
    ]);
  });

  it('matches list items by id, so removing one marks only it', () => {
    const v2 = structuredClone(v1);
    v2.units[0]!.outcomes.splice(0, 1);
    const rows = diffContent(v1, v2);
    const changed = rows.filter((r) => r.changed);
    expect(changed.map((r) => [r.key, r.before, r.after])).toEqual([
      ['units[u1].outcomes[o1].id', 'o1', null],
      ['units[u1].outcomes[o1].text', 'Ierīko tīklu', null],
      ['units[u1].outcomes[o1].included', 'true', null],
    ]);
    // The removed outcome stands where it stood, before the one that stayed.
    expect(rows.findIndex((r) => r.key === 'units[u1].outcomes[o1].id')).toBeLessThan(
      rows.findIndex((r) => r.key === 'units[u1].outcomes[o2].id'),
    );
  });

  it('shows an added item as new, with nothing before', () => {
    const v2 = structuredClone(v1);
    v2.units[0]!.outcomes.push({ id: 'o3', text: 'Dokumentē', included: true });
    const added = diffContent(v1, v2).filter((r) => r.changed);
    expect(added.every((r) => r.before === null && r.key.startsWith('units[u1].outcomes[o3]'))).toBe(true);
    expect(added).toHaveLength(3);
  });

  it('keeps every leaf of both versions, whatever the change', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), fc.integer());
    const obj = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), leaf);
    fc.assert(
      fc.property(obj, obj, (a, b) => {
        const rows = diffContent(a, b);
        const keys = new Set(rows.map((r) => r.key));
        const all = [...flattenContent(a), ...flattenContent(b)].map((l) => l.key);
        return all.every((k) => keys.has(k)) && keys.size === rows.length;
      }),
    );
  });
});
