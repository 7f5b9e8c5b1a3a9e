import type { AuditQuery } from '@tilts/shared';
import { type Kysely, sql } from 'kysely';
import type { Actor, Trx } from '../../db/context.ts';
import type { DB } from '../../db/schema.ts';
import { type ChainedFields, canonicalJson, entryHash, GENESIS_HASH } from './chain.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who an audit entry names: a signed-in actor, or someone known only by e-mail (a link, a start-up). */
export interface AuditActor {
  userId?: string | null;
  email?: string | null;
  schoolId: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export function actorForAudit(actor: Actor): AuditActor {
  return {
    userId: actor.userId,
    email: actor.email,
    schoolId: actor.schoolId,
    ip: actor.ip,
    requestId: actor.requestId,
  };
}

const plain = (v: unknown) => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/** The chain an entry belongs to: its school's, or (no school) the nil uuid's. */
export const NO_SCHOOL_CHAIN = '00000000-0000-0000-0000-000000000000';
const chainKeyOf = (schoolId: string | null) => schoolId ?? NO_SCHOOL_CHAIN;

function chainedFields(who: AuditActor, input: AuditInput): ChainedFields {
  return {
    schoolId: who.schoolId,
    actorId: who.userId ?? null,
    actorEmail: who.email ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: plain(input.before),
    after: plain(input.after),
    ip: who.ip ?? null,
    requestId: who.requestId ?? null,
    createdAt: new Date().toISOString(),
  };
}

/**
 * The common table expressions that append one audit entry, for a statement of the caller's:
 * `audit_head` locks the head of the entry's chain (one per school, decision 031; held until the
 * transaction ends, so a school's entries chain in commit order), `audit_entry` inserts the entry with
 * its hash computed in SQL exactly as `entryHash` computes it (SHA-256 of the previous hash, a newline
 * and the canonical JSON), `audit_moved` moves the head and has one row when all went well. `gate`
 * names a relation of the statement: the entry is written only if it has a row (the change happened).
 */
export function auditAppendCtes(who: AuditActor, input: AuditInput, gate?: string) {
  const fields = chainedFields(who, input);
  const key = chainKeyOf(fields.schoolId);
  const body = `\n${canonicalJson(fields)}`;
  const from = gate ? sql`audit_head, ${sql.table(gate)}` : sql`audit_head`;
  return sql`
    audit_head as (
      select last_hash from audit_chain_heads where chain_key = ${key}::uuid for update
    ), audit_entry as (
      insert into audit_log (school_id, actor_id, actor_email, action, entity_type, entity_id, before, after, ip,
        request_id, created_at, prev_hash, hash)
      select ${fields.schoolId}::uuid, ${fields.actorId}::uuid, ${fields.actorEmail}, ${fields.action},
        ${fields.entityType}, ${fields.entityId}, ${JSON.stringify(fields.before)}::jsonb,
        ${JSON.stringify(fields.after)}::jsonb, ${fields.ip}, ${fields.requestId}, ${fields.createdAt}::timestamptz,
        audit_head.last_hash, encode(sha256(convert_to(audit_head.last_hash || ${body}, 'UTF8')), 'hex')
      from ${from}
      returning id, hash
    ), audit_moved as (
      update audit_chain_heads set last_id = audit_entry.id, last_hash = audit_entry.hash
      from audit_entry where audit_chain_heads.chain_key = ${key}::uuid
      returning audit_chain_heads.last_id
    )`;
}

/** Makes the head of a school's chain (its first entry), starting from the old single chain's last hash. */
export async function ensureChainHead(trx: Trx | Kysely<DB>, schoolId: string | null) {
  await sql`
    insert into audit_chain_heads (chain_key, last_id, last_hash)
    select ${chainKeyOf(schoolId)}::uuid, 0, last_hash from audit_chain_head where id = 1
    on conflict (chain_key) do nothing
  `.execute(trx);
}

/**
 * Appends one entry to the audit log inside the caller's transaction, in one statement
 * (`auditAppendCtes`): one round trip keeps the chain's lock short. A school's first entry makes its
 * chain's head first.
 */
export async function recordAudit(trx: Trx | Kysely<DB>, who: AuditActor, input: AuditInput): Promise<void> {
  const append = () =>
    sql<{ n: string }>`with ${auditAppendCtes(who, input)} select count(*) as n from audit_moved`.execute(
      trx,
    );
  if (Number((await append()).rows[0]?.n) === 1) return;
  await ensureChainHead(trx, who.schoolId);
  if (Number((await append()).rows[0]?.n) !== 1) throw new Error('audit: the chain head could not be made');
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry that does not match, and why. */
  problem?: { id: number; reason: string };
}

/**
 * Walks the whole log (as the database owner) and reports the first break: the entries up to the
 * old single chain's frozen head chain from the genesis hash; every later entry chains within its
 * school (or the no-school chain), starting from that head's hash; each chain must end at its head.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<AuditVerification> {
  const legacy = await db.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!legacy) return { ok: false, entries: 0, problem: { id: 0, reason: 'the chain head is missing' } };
  const cutover = Number(legacy.last_id);
  const LEGACY = 'legacy';
  const prevs = new Map<string, string>();
  const lastIds = new Map<string, number>();
  let lastId = 0;
  let count = 0;
  const batch = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const r of rows) {
      const chain = r.id <= cutover ? LEGACY : chainKeyOf(r.school_id);
      const prev = prevs.get(chain) ?? (chain === LEGACY ? GENESIS_HASH : legacy.last_hash);
      if (r.prev_hash !== prev) {
        return {
          ok: false,
          entries: count,
          problem: { id: r.id, reason: 'an earlier entry was changed or removed' },
        };
      }
      const expected = entryHash(prev, {
        schoolId: r.school_id,
        actorId: r.actor_id,
        actorEmail: r.actor_email,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        ip: r.ip,
        requestId: r.request_id,
        createdAt: r.created_at.toISOString(),
      });
      if (expected !== r.hash) {
        return { ok: false, entries: count, problem: { id: r.id, reason: 'this entry was edited' } };
      }
      prevs.set(chain, r.hash);
      lastIds.set(chain, r.id);
      lastId = r.id;
      count++;
    }
    if (rows.length < batch) break;
  }
  const cutOff = (id: number) => ({
    ok: false,
    entries: count,
    problem: { id, reason: 'entries after this one were removed' },
  });
  if ((prevs.get(LEGACY) ?? GENESIS_HASH) !== legacy.last_hash || (lastIds.get(LEGACY) ?? 0) !== cutover) {
    return cutOff(lastIds.get(LEGACY) ?? 0);
  }
  const heads = await db.selectFrom('audit_chain_heads').selectAll().execute();
  const headed = new Set<string>();
  for (const h of heads) {
    headed.add(h.chain_key);
    const last = lastIds.get(h.chain_key) ?? 0;
    if ((prevs.get(h.chain_key) ?? legacy.last_hash) !== h.last_hash || last !== Number(h.last_id)) {
      return cutOff(last);
    }
  }
  for (const chain of prevs.keys()) {
    if (chain !== LEGACY && !headed.has(chain)) return cutOff(lastIds.get(chain) ?? 0);
  }
  return { ok: true, entries: count };
}

/** The school's audit log, newest first, filtered as the admin asks. */
export async function listAudit(trx: Trx, query: AuditQuery) {
  let q = trx.selectFrom('audit_log');
  if (query.action) q = q.where('action', 'ilike', `%${escapeLike(query.action)}%`);
  if (query.actor) q = q.where('actor_email', 'ilike', `%${escapeLike(query.actor)}%`);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.from) q = q.where('created_at', '>=', new Date(`${query.from}T00:00:00Z`));
  if (query.to)
    q = q.where('created_at', '<', new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000));
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('action', 'ilike', like),
        eb('actor_email', 'ilike', like),
        eb('entity_type', 'ilike', like),
        eb('entity_id', 'ilike', like),
      ]),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('id', query.dir === 'asc' ? 'asc' : 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: String(r.id),
      createdAt: r.created_at.toISOString(),
      actorEmail: r.actor_email,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
    })),
  };
}

/** Escapes % and _ so a user's search text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
