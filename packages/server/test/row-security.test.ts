import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '../src/db/context.ts';
import { createPartner } from '../src/demo/factories.ts';
import { recordAudit } from '../src/features/audit/audit.service.ts';
import { createTestTilts, createWorld, type TestTilts, type World } from './support/harness.ts';

let t: TestTilts;
let world: World;

beforeAll(async () => {
  t = await createTestTilts();
  world = await createWorld(t);
  // One row of each school-owned kind in both schools, written as the owner (outside row security).
  for (const school of [world.schoolA, world.schoolB]) {
    await createPartner(t.deps.db, {
      school_id: school.id,
      kind: 'company',
      legal_name: `SIA Partneris ${school.name}`,
      country: 'LV',
      updated_at: new Date(),
    });
    await t.deps.db
      .insertInto('mail_messages')
      .values({
        school_id: school.id,
        to_address: `pasts@${school.id}.test`,
        subject: 'Sveiki',
        text_body: 'Teksts',
        locale: 'lv',
        template: 'magic_link',
        status: 'outbox',
      })
      .execute();
    await recordAudit(
      t.deps.db,
      { schoolId: school.id, email: 'tests' },
      { action: 'test.row', entityType: 'test' },
    );
  }
});
afterAll(() => t?.close());

describe('row-level security inside inSchool', () => {
  it('a query without any where shows only the school’s own rows, though the other school has some', async () => {
    const db = t.deps.db;
    const everywhere = {
      schools: await db.selectFrom('schools').select('id').execute(),
      memberships: await db.selectFrom('memberships').select('school_id').execute(),
      partners: await db.selectFrom('partners').select('school_id').execute(),
      mail: await db.selectFrom('mail_messages').select('school_id').execute(),
      audit: await db.selectFrom('audit_log').select('school_id').execute(),
    };
    // The owner sees school B's rows, so the filter below is the policy's doing, not empty tables.
    expect(everywhere.schools.map((r) => r.id)).toContain(world.schoolB.id);
    for (const rows of [everywhere.memberships, everywhere.partners, everywhere.mail, everywhere.audit]) {
      expect(rows.map((r) => r.school_id)).toContain(world.schoolB.id);
    }

    const seen = await inSchool(db, world.schoolA.id, async (trx) => ({
      schools: await trx.selectFrom('schools').select('id').execute(),
      memberships: await trx.selectFrom('memberships').select('school_id').execute(),
      partners: await trx.selectFrom('partners').select('school_id').execute(),
      mail: await trx.selectFrom('mail_messages').select('school_id').execute(),
      audit: await trx.selectFrom('audit_log').select('school_id').execute(),
    }));
    expect(seen.schools.map((r) => r.id)).toEqual([world.schoolA.id]);
    expect(seen.memberships).toHaveLength(5);
    for (const [table, rows] of Object.entries(seen)) {
      if (table === 'schools') continue;
      expect(rows.length, table).toBeGreaterThan(0);
      expect(
        rows.filter((r) => (r as { school_id: string | null }).school_id !== world.schoolA.id),
        table,
      ).toEqual([]);
    }
  });

  it('refuses to write a row into another school and changes none of its rows', async () => {
    const db = t.deps.db;
    await expect(
      inSchool(db, world.schoolA.id, (trx) =>
        trx
          .insertInto('partners')
          .values({
            school_id: world.schoolB.id,
            kind: 'company',
            legal_name: 'Iepludināts',
            country: 'LV',
            updated_at: new Date(),
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await inSchool(db, world.schoolA.id, (trx) =>
      trx
        .updateTable('partners')
        .set({ legal_name: 'Pārrakstīts' })
        .where('school_id', '=', world.schoolB.id)
        .execute(),
    );
    expect(Number(changed[0]?.numUpdatedRows)).toBe(0);
    const removed = await inSchool(db, world.schoolA.id, (trx) =>
      trx.deleteFrom('memberships').where('school_id', '=', world.schoolB.id).execute(),
    );
    expect(Number(removed[0]?.numDeletedRows)).toBe(0);
    const partnerB = await db
      .selectFrom('partners')
      .select('legal_name')
      .where('school_id', '=', world.schoolB.id)
      .execute();
    expect(partnerB.map((p) => p.legal_name)).toEqual([`SIA Partneris ${world.schoolB.name}`]);
  });

  it('without a school set, the application role sees no school rows at all', async () => {
    const rows = await t.deps.db.transaction().execute(async (trx) => {
      await sql`select set_config('role', 'tilts_app', true)`.execute(trx);
      return trx.selectFrom('partners').select('id').execute();
    });
    expect(rows).toEqual([]);
  });

  it('keeps the audit log append-only, even for its owner', async () => {
    await expect(sql`update audit_log set action = 'forged'`.execute(t.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
  });
});
