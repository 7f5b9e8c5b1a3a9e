import type { SchoolDetails, UpdateSchoolRequest } from '@tilts/shared';
import { type Actor, inSchool } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorForAudit, recordAudit } from '../audit/audit.service.ts';

const columns = [
  'id',
  'name',
  'legal_address',
  'city',
  'registration_number',
  'country',
  'erasmus_oid',
  'logo_mime',
] as const;

function view(r: {
  id: string;
  name: string;
  legal_address: string;
  city: string;
  registration_number: string;
  country: string;
  erasmus_oid: string;
  logo_mime: string | null;
}): SchoolDetails {
  return {
    id: r.id,
    name: r.name,
    legalAddress: r.legal_address,
    city: r.city,
    registrationNumber: r.registration_number,
    country: r.country,
    erasmusOid: r.erasmus_oid,
    hasLogo: r.logo_mime !== null,
  };
}

export async function getSchool(deps: Deps, actor: Actor): Promise<SchoolDetails> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('schools')
      .select(columns)
      .where('id', '=', actor.schoolId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return view(row);
  });
}

/** Updates the school's own details (name, address, registration number, country, Erasmus+ OID). */
export async function updateSchool(
  deps: Deps,
  actor: Actor,
  input: UpdateSchoolRequest,
): Promise<SchoolDetails> {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const before = await trx
      .selectFrom('schools')
      .select(columns)
      .where('id', '=', actor.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const after = await trx
      .updateTable('schools')
      .set({
        name: input.name,
        legal_address: input.legalAddress,
        city: input.city,
        registration_number: input.registrationNumber,
        country: input.country,
        erasmus_oid: input.erasmusOid,
        updated_at: new Date(),
      })
      .where('id', '=', actor.schoolId)
      .returning(columns)
      .executeTakeFirstOrThrow();
    const { hasLogo: _b, ...beforeView } = view(before);
    const { hasLogo: _a, ...afterView } = view(after);
    await recordAudit(trx, actorForAudit(actor), {
      action: 'school.updated',
      entityType: 'school',
      entityId: actor.schoolId,
      before: beforeView,
      after: afterView,
    });
    return view(after);
  });
}

/** The type an image's first bytes say it is, whatever its name or header claims. */
export function sniffImage(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (
    bytes.length > 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png';
  }
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

export const MAX_LOGO_BYTES = 1024 * 1024;

export async function setLogo(deps: Deps, actor: Actor, bytes: Buffer): Promise<SchoolDetails> {
  const mime = sniffImage(bytes);
  if (!mime) throw new AppError('unsupported_media_type', { fields: { logo: 'image_type' } });
  if (bytes.length > MAX_LOGO_BYTES) throw new AppError('payload_too_large');
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .updateTable('schools')
      .set({ logo: bytes, logo_mime: mime, updated_at: new Date() })
      .where('id', '=', actor.schoolId)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForAudit(actor), {
      action: 'school.logo_changed',
      entityType: 'school',
      entityId: actor.schoolId,
      after: { mime, bytes: bytes.length },
    });
    return view(row);
  });
}

export async function getLogo(deps: Deps, actor: Actor) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const row = await trx
      .selectFrom('schools')
      .select(['logo', 'logo_mime'])
      .where('id', '=', actor.schoolId)
      .executeTakeFirst();
    if (!row?.logo || !row.logo_mime) throw new AppError('not_found');
    return { bytes: Buffer.from(row.logo), mime: row.logo_mime };
  });
}
