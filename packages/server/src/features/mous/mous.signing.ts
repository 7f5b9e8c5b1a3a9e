import type { Locale, MouLinkView, mouLinkSignRequest } from '@tilts/shared';
import type { z } from 'zod';
import { inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { type OpenLink, openLink, useLink } from '../links/links.service.ts';
import { renderMouPdf } from './mous.pdf.ts';
import { documentView, loadMou, loadParties, SIGN_PURPOSE, VIEW_PURPOSE } from './mous.repository.ts';
import { endNote, recordSignature } from './mous.service.ts';

// The holder of an e-mailed link has no account: the link names the school and the one party it
// was made for, and opens nothing else.

export interface LinkRequestInfo {
  ip: string;
  requestId: string;
}

async function viewFor(trx: Trx, link: OpenLink): Promise<MouLinkView> {
  const party = await trx
    .selectFrom('mou_parties')
    .select(['id', 'mou_id', 'signed_at'])
    .where('id', '=', link.subjectId)
    .executeTakeFirst();
  if (!party) throw new AppError('link_invalid');
  const mou = await loadMou(trx, link.schoolId, party.mou_id);
  const parties = await loadParties(trx, mou.id);
  const school = await trx
    .selectFrom('schools')
    .select('name')
    .where('id', '=', link.schoolId)
    .executeTakeFirstOrThrow();
  return {
    document: documentView(mou, parties),
    partyId: party.id,
    schoolName: school.name,
    canSign: link.purpose === SIGN_PURPOSE && mou.status === 'awaiting_signatures' && !party.signed_at,
    locale: link.locale,
  };
}

/** What the link holder sees: their memorandum, read-only, and whether they may sign it now. */
export async function openSigning(deps: Deps, token: string): Promise<MouLinkView> {
  const link = await openLink(deps.db, token, [SIGN_PURPOSE, VIEW_PURPOSE], deps.now());
  return inSchool(deps.db, link.schoolId, (trx) => viewFor(trx, link));
}

/**
 * A partner's representative signs through the link, against the content hash they were shown.
 * The link is used up in the same transaction, so a second click (or a replay) is refused.
 */
export async function signThroughLink(
  deps: Deps,
  input: z.output<typeof mouLinkSignRequest>,
  req: LinkRequestInfo,
): Promise<MouLinkView> {
  const now = deps.now();
  const link = await openLink(deps.db, input.token, SIGN_PURPOSE, now);
  return inSchool(deps.db, link.schoolId, async (trx) => {
    const partyRow = await trx
      .selectFrom('mou_parties')
      .select(['mou_id'])
      .where('id', '=', link.subjectId)
      .executeTakeFirst();
    if (!partyRow) throw new AppError('link_invalid');
    const mou = await loadMou(trx, link.schoolId, partyRow.mou_id, true);
    await useLink(trx, link, now);
    const parties = await loadParties(trx, mou.id);
    const party = parties.find((p) => p.id === link.subjectId)!;
    await recordSignature(
      trx,
      deps,
      { schoolId: link.schoolId, email: link.email, ip: req.ip, requestId: req.requestId },
      mou,
      parties,
      party,
      {
        name: input.name,
        position: input.position,
        email: link.email,
        method: 'email_link',
        contentHash: input.contentHash,
        ip: req.ip,
        userId: null,
      },
    );
    // The signing link is used up; the page shows the result from this answer.
    return { ...(await viewFor(trx, { ...link, purpose: VIEW_PURPOSE })), canSign: false };
  });
}

/** The link holder's memorandum as a PDF, in the language asked for (else the link's). */
export async function linkPdf(deps: Deps, token: string, lang: Locale | undefined) {
  const link = await openLink(deps.db, token, [SIGN_PURPOSE, VIEW_PURPOSE], deps.now());
  const locale = lang ?? link.locale;
  const { view, note } = await inSchool(deps.db, link.schoolId, async (trx) => {
    const view = await viewFor(trx, link);
    return { view, note: await endNote(trx, await loadMou(trx, link.schoolId, view.document.id), locale) };
  });
  return { bytes: await renderMouPdf(view.document, { locale, endNote: note }), doc: view.document, locale };
}
