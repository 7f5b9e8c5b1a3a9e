import type { Trx } from '../../db/context.ts';
import { personalDataKey } from './personal-crypto.ts';
import { writeProfile } from './profiles.repository.ts';

const groups = ['DT-22', 'ME-23', 'AV-24'];

/**
 * The demo school's learners in groups, as an imported register would have them, and the demo
 * learner's personal code (sealed, when the installation has a key; `npx tilts seed` on a server
 * without TILTS_MASTER_KEY leaves it out).
 */
export async function seedDemoPeople(trx: Trx, schoolId: string, now: Date) {
  const learners = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email'])
    .where('m.school_id', '=', schoolId)
    .where('m.role', '=', 'learner')
    .orderBy('u.family_name')
    .orderBy('u.given_name')
    .execute();
  let i = 0;
  for (const learner of learners) {
    const main = learner.email === 'audzeknis@demo.tilts.lv';
    await writeProfile(
      trx,
      schoolId,
      learner.id,
      {
        groupName: main ? 'DT-22' : (groups[i++ % groups.length] ?? ''),
        ...(main && personalDataKey() ? { nationalId: '323691-93794' } : {}),
      },
      now,
    );
  }
}
