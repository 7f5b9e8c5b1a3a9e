import type { partnerListQuery } from '@tilts/shared';
import type { z } from 'zod';
import { type Actor, inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { escapeLike } from '../audit/audit.service.ts';

const sortColumn = {
  legalName: 'legal_name',
  country: 'country',
  city: 'city',
  createdAt: 'created_at',
} as const;

/** The school's partner organisations, searched, sorted and paged. */
export async function listPartners(
  deps: Deps,
  actor: Actor,
  query: z.infer<typeof partnerListQuery>,
  all = false,
) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    let q = trx.selectFrom('partners');
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('legal_name', 'ilike', like),
          eb('registration_number', 'ilike', like),
          eb('city', 'ilike', like),
        ]),
      );
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q
      .select(['id', 'kind', 'legal_name', 'registration_number', 'country', 'city'])
      .orderBy(sortColumn[query.sort ?? 'legalName'], query.dir)
      .orderBy('id');
    if (!all) rows = rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    const items = (await rows.execute()).map((r) => ({
      id: r.id,
      kind: r.kind,
      legalName: r.legal_name,
      registrationNumber: r.registration_number,
      country: r.country,
      city: r.city,
    }));
    return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
  });
}
