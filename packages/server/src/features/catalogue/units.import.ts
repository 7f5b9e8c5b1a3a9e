import { randomUUID } from 'node:crypto';
import {
  catalogueCode,
  creditPoints,
  frameworkLevel,
  type OutcomeKind,
  outcomeInput,
  searchKey,
  unitInput,
} from '@tilts/shared';
import { sql } from 'kysely';
import type { Trx } from '../../db/context.ts';
import {
  type ApplyContext,
  cell,
  chunks,
  given,
  type ImportColumn,
  type ImportKind,
  type ImportPlan,
  type ImportRow,
  issue,
  type ParsedCells,
  type PlannedStatus,
  type RowIssue,
} from '../imports/import-kind.ts';

/**
 * One learning outcome per row, with its unit and the unit's qualification (which must already be in
 * the catalogue). A unit is the same when its qualification and code are; an outcome is the same when
 * its unit, kind and text are (case and diacritics aside). Rows add units and outcomes and update
 * titles, levels, credit points and assessment criteria; nothing is removed, so importing the same
 * file again changes nothing.
 */
export interface UnitImportRow {
  qualificationCode: string;
  unitCode: string;
  unitTitle: string;
  unitTitleEn?: string;
  eqfLevel: number;
  creditPoints?: number;
  outcomeKind: OutcomeKind;
  outcomeText: string;
  outcomeTextEn?: string;
  assessmentCriteria?: string;
}

export const unitImportColumns: readonly ImportColumn[] = [
  {
    key: 'qualificationCode',
    label: { lv: 'Kvalifikācijas kods', en: 'Qualification code' },
    required: true,
  },
  { key: 'unitCode', label: { lv: 'Vienības kods', en: 'Unit code' }, required: true },
  { key: 'unitTitle', label: { lv: 'Vienības nosaukums', en: 'Unit title' }, required: true },
  { key: 'unitTitleEn', label: { lv: 'Vienības nosaukums angliski', en: 'Unit title in English' } },
  { key: 'eqfLevel', label: { lv: 'EKI līmenis', en: 'EQF level' }, aliases: ['EKI', 'EQF'], required: true },
  { key: 'creditPoints', label: { lv: 'Kredītpunkti', en: 'Credit points' }, aliases: ['KP', 'ECVET'] },
  {
    key: 'outcomeKind',
    label: { lv: 'Rezultāta veids', en: 'Outcome kind' },
    aliases: ['Veids', 'Kind'],
    required: true,
  },
  {
    key: 'outcomeText',
    label: { lv: 'Mācīšanās rezultāts', en: 'Learning outcome' },
    aliases: ['Rezultāts', 'Outcome'],
    required: true,
  },
  { key: 'outcomeTextEn', label: { lv: 'Mācīšanās rezultāts angliski', en: 'Learning outcome in English' } },
  { key: 'assessmentCriteria', label: { lv: 'Vērtēšanas kritēriji', en: 'Assessment criteria' } },
];

const word = (text: string) => searchKey(text).replace(/[^a-z]+/g, '');
/** An outcome's text as it is compared: case, diacritics and punctuation aside. */
const textKey = (text: string) =>
  searchKey(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const kindWords: Record<string, OutcomeKind> = Object.fromEntries(
  (
    [
      ['knowledge', ['knowledge', 'zināšanas', 'zināšana']],
      ['skills', ['skills', 'skill', 'prasmes', 'prasme']],
      [
        'responsibility_autonomy',
        [
          'responsibility_autonomy',
          'responsibility and autonomy',
          'autonomy',
          'competence',
          'atbildība un autonomija',
          'atbildība un patstāvība',
          'kompetence',
          'kompetences',
        ],
      ],
    ] as const
  ).flatMap(([kind, words]) => words.map((w) => [word(w), kind as OutcomeKind])),
);

function parse(cells: Partial<Record<string, string>>): ParsedCells<UnitImportRow> {
  const problems: RowIssue[] = [];
  const qualificationCode = cell(problems, 'qualificationCode', catalogueCode, cells.qualificationCode ?? '');
  const unitCode = cell(problems, 'unitCode', catalogueCode, cells.unitCode ?? '');
  const unitTitle = cell(problems, 'unitTitle', unitInput.shape.title, cells.unitTitle ?? '');
  const eqfText = given(cells, 'eqfLevel');
  const eqfLevel = eqfText === undefined ? undefined : cell(problems, 'eqfLevel', frameworkLevel, eqfText);
  if (eqfText === undefined) problems.push(issue('eqfLevel', 'required'));
  const creditText = given(cells, 'creditPoints');
  const credits =
    creditText === undefined ? undefined : cell(problems, 'creditPoints', creditPoints, creditText);
  const kindText = given(cells, 'outcomeKind');
  const outcomeKind = kindText ? kindWords[word(kindText)] : undefined;
  if (!kindText) problems.push(issue('outcomeKind', 'required'));
  else if (!outcomeKind) {
    problems.push(
      issue('outcomeKind', 'outcome_kind', {
        allowed:
          'zināšanas / knowledge, prasmes / skills, atbildība un autonomija / responsibility and autonomy',
      }),
    );
  }
  const outcomeText = cell(problems, 'outcomeText', outcomeInput.shape.text, cells.outcomeText ?? '');
  const optional = (key: string, schema: Parameters<typeof cell>[2]) => {
    const value = given(cells, key);
    return value === undefined ? undefined : (cell(problems, key, schema, value) as string | undefined);
  };
  const unitTitleEn = optional('unitTitleEn', unitInput.shape.titleEn);
  const outcomeTextEn = optional('outcomeTextEn', outcomeInput.shape.textEn);
  const assessmentCriteria = optional('assessmentCriteria', outcomeInput.shape.assessmentCriteria);
  if (
    problems.length > 0 ||
    qualificationCode === undefined ||
    unitCode === undefined ||
    unitTitle === undefined ||
    eqfLevel === undefined ||
    outcomeKind === undefined ||
    outcomeText === undefined
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    data: {
      qualificationCode,
      unitCode,
      unitTitle,
      unitTitleEn,
      eqfLevel,
      creditPoints: credits,
      outcomeKind,
      outcomeText,
      outcomeTextEn,
      assessmentCriteria,
    },
  };
}

interface ExistingUnit {
  id: string;
  qualification_id: string;
  code: string;
  title: string;
  title_en: string;
  eqf_level: number;
  credit_points: string;
}

interface ExistingOutcome {
  id: string;
  unit_id: string;
  position: number;
  kind: OutcomeKind;
  text: string;
  text_en: string;
  assessment_criteria: string;
}

/** A unit as the file leaves it: new, or existing with the columns that change. */
interface UnitPlan {
  id: string;
  qualificationId: string;
  isNew: boolean;
  line: number;
  values: { code: string; title: string; title_en: string; eqf_level: number; credit_points: number };
  changes: Record<string, [unknown, unknown]>;
  nextPosition: number;
}

interface OutcomePlan {
  line: number;
  unit: UnitPlan;
  status: PlannedStatus;
  insert?: {
    kind: OutcomeKind;
    text: string;
    text_en: string;
    assessment_criteria: string;
    position: number;
  };
  update?: { id: string; text_en: string; assessment_criteria: string };
}

async function planUnits(trx: Trx, schoolId: string, rows: readonly ImportRow<UnitImportRow>[]) {
  const problems: ImportPlan['problems'] = [];
  const codes = [...new Set(rows.map((r) => r.data.qualificationCode.toUpperCase()))];
  const qualifications =
    codes.length === 0
      ? []
      : (
          await sql<{ id: string; code: string }>`
            select id, upper(code) as code from qualifications
            where school_id = ${schoolId} and upper(code) in (select unnest(${codes}::text[]))`.execute(trx)
        ).rows;
  const qualificationByCode = new Map(qualifications.map((q) => [q.code, q.id]));
  const qualificationIds = qualifications.map((q) => q.id);
  const units =
    qualificationIds.length === 0
      ? []
      : (
          await sql<ExistingUnit>`
            select id, qualification_id, code, title, title_en, eqf_level, credit_points from units
            where qualification_id in (select unnest(${qualificationIds}::uuid[]))`.execute(trx)
        ).rows;
  const outcomes =
    units.length === 0
      ? []
      : (
          await sql<ExistingOutcome>`
            select id, unit_id, position, kind, text, text_en, assessment_criteria from learning_outcomes
            where unit_id in (select unnest(${units.map((u) => u.id)}::uuid[]))`.execute(trx)
        ).rows;
  const unitByKey = new Map(units.map((u) => [`${u.qualification_id}|${u.code.toUpperCase()}`, u]));
  const outcomesByUnit = new Map<string, ExistingOutcome[]>();
  for (const o of outcomes) outcomesByUnit.set(o.unit_id, [...(outcomesByUnit.get(o.unit_id) ?? []), o]);

  const unitPlans = new Map<string, UnitPlan>();
  const seenOutcomes = new Map<string, number>();
  const items: OutcomePlan[] = [];
  for (const { line, data } of rows) {
    const qualificationId = qualificationByCode.get(data.qualificationCode.toUpperCase());
    if (!qualificationId) {
      problems.push({
        line,
        ...issue('qualificationCode', 'unknown_qualification', { code: data.qualificationCode }),
      });
      continue;
    }
    const unitKey = `${qualificationId}|${data.unitCode.toUpperCase()}`;
    let unit = unitPlans.get(unitKey);
    if (unit) {
      const differs: string[] = [];
      if (data.unitTitle !== unit.values.title) differs.push('unitTitle');
      if (data.eqfLevel !== unit.values.eqf_level) differs.push('eqfLevel');
      if (data.creditPoints !== undefined && data.creditPoints !== unit.values.credit_points)
        differs.push('creditPoints');
      if (differs.length > 0) {
        problems.push({ line, ...issue(differs[0]!, 'unit_inconsistent', { line: unit.line }) });
        continue;
      }
    }
    const outcomeKey = `${unitKey}|${data.outcomeKind}|${textKey(data.outcomeText)}`;
    const earlier = seenOutcomes.get(outcomeKey);
    if (earlier !== undefined) {
      problems.push({ line, ...issue('outcomeText', 'duplicate_in_file', { line: earlier }) });
      continue;
    }
    seenOutcomes.set(outcomeKey, line);
    if (!unit) {
      unit = unitFromRow(line, qualificationId, data, unitByKey.get(unitKey), outcomesByUnit);
      unitPlans.set(unitKey, unit);
    }
    const existing = unit.isNew
      ? undefined
      : (outcomesByUnit.get(unit.id) ?? []).find(
          (o) => o.kind === data.outcomeKind && textKey(o.text) === textKey(data.outcomeText),
        );
    const item: OutcomePlan = { line, unit, status: 'unchanged' };
    if (!existing) {
      item.status = 'new';
      item.insert = {
        kind: data.outcomeKind,
        text: data.outcomeText,
        text_en: data.outcomeTextEn ?? '',
        assessment_criteria: data.assessmentCriteria ?? '',
        position: unit.nextPosition++,
      };
    } else {
      const textEn = data.outcomeTextEn ?? existing.text_en;
      const criteria = data.assessmentCriteria ?? existing.assessment_criteria;
      if (textEn !== existing.text_en || criteria !== existing.assessment_criteria) {
        item.status = 'update';
        item.update = { id: existing.id, text_en: textEn, assessment_criteria: criteria };
      }
    }
    // The unit's own changes are counted on its first row.
    if (item.status === 'unchanged' && unit.line === line && Object.keys(unit.changes).length > 0) {
      item.status = 'update';
    }
    items.push(item);
  }
  return { items, problems, units: [...unitPlans.values()] };
}

function unitFromRow(
  line: number,
  qualificationId: string,
  data: UnitImportRow,
  existing: ExistingUnit | undefined,
  outcomesByUnit: Map<string, ExistingOutcome[]>,
): UnitPlan {
  if (!existing) {
    return {
      id: randomUUID(),
      qualificationId,
      isNew: true,
      line,
      values: {
        code: data.unitCode,
        title: data.unitTitle,
        title_en: data.unitTitleEn ?? '',
        eqf_level: data.eqfLevel,
        credit_points: data.creditPoints ?? 0,
      },
      changes: {},
      nextPosition: 0,
    };
  }
  const current = {
    code: existing.code,
    title: existing.title,
    title_en: existing.title_en,
    eqf_level: existing.eqf_level,
    credit_points: Number(existing.credit_points),
  };
  const values = {
    ...current,
    title: data.unitTitle,
    title_en: data.unitTitleEn ?? current.title_en,
    eqf_level: data.eqfLevel,
    credit_points: data.creditPoints ?? current.credit_points,
  };
  const changes: UnitPlan['changes'] = {};
  for (const k of ['title', 'title_en', 'eqf_level', 'credit_points'] as const) {
    if (values[k] !== current[k]) changes[k] = [current[k], values[k]];
  }
  const positions = (outcomesByUnit.get(existing.id) ?? []).map((o) => o.position);
  return {
    id: existing.id,
    qualificationId,
    isNew: false,
    line,
    values,
    changes,
    nextPosition: Math.max(-1, ...positions) + 1,
  };
}

function toPlan(items: OutcomePlan[], problems: ImportPlan['problems']): ImportPlan {
  return { status: new Map(items.map((i) => [i.line, i.status])), problems };
}

async function apply(trx: Trx, context: ApplyContext, rows: readonly ImportRow<UnitImportRow>[]) {
  const { actor, now } = context;
  const { items, problems, units } = await planUnits(trx, actor.schoolId, rows);
  const created = units.filter((u) => u.isNew);
  const changed = units.filter((u) => !u.isNew && Object.keys(u.changes).length > 0);
  for (const part of chunks(created)) {
    await trx
      .insertInto('units')
      .values(
        part.map((u) => ({
          id: u.id,
          school_id: actor.schoolId,
          qualification_id: u.qualificationId,
          ...u.values,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  for (const part of chunks(changed)) {
    await sql`
      update units as u set title = v.title, title_en = v.title_en, eqf_level = v.eqf_level,
        credit_points = v.credit_points, lock_version = u.lock_version + 1, updated_at = ${now}
      from unnest(${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.values.title)}::text[],
        ${part.map((u) => u.values.title_en)}::text[], ${part.map((u) => u.values.eqf_level)}::int[],
        ${part.map((u) => u.values.credit_points)}::numeric[]) as v(id, title, title_en, eqf_level, credit_points)
      where u.id = v.id and u.school_id = ${actor.schoolId}`.execute(trx);
  }
  const inserts = items.flatMap((i) =>
    i.insert ? [{ ...i.insert, school_id: actor.schoolId, unit_id: i.unit.id, created_at: now }] : [],
  );
  for (const part of chunks(inserts)) await trx.insertInto('learning_outcomes').values(part).execute();
  const updates = items.flatMap((i) => (i.update ? [i.update] : []));
  for (const part of chunks(updates)) {
    await sql`
      update learning_outcomes as o set text_en = v.text_en, assessment_criteria = v.assessment_criteria
      from unnest(${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.text_en)}::text[],
        ${part.map((u) => u.assessment_criteria)}::text[]) as v(id, text_en, assessment_criteria)
      where o.id = v.id`.execute(trx);
  }
  // An outcome added or changed is a change of its unit: an edit form opened before is now stale.
  const bumped = new Set([...created, ...changed].map((u) => u.id));
  const unitIds = [...new Set(items.filter((i) => i.insert || i.update).map((i) => i.unit.id))].filter(
    (id) => !bumped.has(id),
  );
  for (const part of chunks(unitIds)) {
    await sql`update units set lock_version = lock_version + 1, updated_at = ${now}
      where id in (select unnest(${part}::uuid[]))`.execute(trx);
  }
  return {
    plan: toPlan(items, problems),
    audit: {
      unitsCreated: created.map((u) => u.id),
      unitsUpdated: changed.map((u) => ({ id: u.id, changes: u.changes })),
      outcomesCreated: inserts.length,
      outcomesUpdated: updates.map((u) => u.id),
    },
  };
}

/** Units of learning outcomes from a CSV, one outcome per row. */
export const unitImport: ImportKind<UnitImportRow> = {
  name: 'units',
  roles: ['admin', 'coordinator'],
  columns: unitImportColumns,
  parse,
  async plan(trx, schoolId, rows) {
    const { items, problems } = await planUnits(trx, schoolId, rows);
    return toPlan(items, problems);
  },
  apply,
};
