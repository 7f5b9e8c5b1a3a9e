import { createHash } from 'node:crypto';
import { type AgreementCheckResult, agreementParties, type Locale } from '@tilts/shared';
import { type Actor, inSchool, type Trx } from '../../db/context.ts';
import type { Deps } from '../../deps.ts';
import { readPdf } from '../../pdf/pdf-text.ts';
import { renderAgreementPdf } from './agreements.pdf.ts';
import { loadAgreement, loadVersion, signaturesOf, type VersionRow } from './agreements.repository.ts';
import { linkVersion, signatureView } from './agreements.service.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function renderVersion(trx: Trx, deps: Deps, v: VersionRow, locale: Locale): Promise<Buffer> {
  const signatures = (await signaturesOf(trx, [v.id]))
    .sort((a, b) => agreementParties.indexOf(a.party) - agreementParties.indexOf(b.party))
    .map(signatureView);
  const bytes = await renderAgreementPdf(
    v.content,
    {
      version: v.version,
      status: v.status,
      contentHash: v.content_hash,
      changeReason: v.change_reason,
      changeComment: v.change_comment,
      signatures,
      stamp: v.signed_at ?? v.sent_at ?? v.updated_at,
    },
    locale,
    `${deps.config.PUBLIC_URL}/agreement-check`,
  );
  // Remember the file, so that the public check knows it byte for byte.
  await trx
    .insertInto('agreement_pdfs')
    .values({ file_sha256: sha256(bytes), school_id: v.school_id, version_id: v.id, locale })
    .onConflict((oc) => oc.column('file_sha256').doNothing())
    .execute();
  return bytes;
}

/** A version of an agreement the actor may see, as a PDF in Latvian or English. */
export async function versionPdf(deps: Deps, actor: Actor, id: string, version: number, locale: Locale) {
  return inSchool(deps.db, actor.schoolId, async (trx) => {
    const a = await loadAgreement(trx, actor, id);
    const v = await loadVersion(trx, a.id, version);
    return { bytes: await renderVersion(trx, deps, v, locale), version: v.version };
  });
}

/** The version a signing link is for, as a PDF: what the host's representative or a guardian reads. */
export async function linkPdf(deps: Deps, token: string, locale: Locale) {
  const { link, v } = await linkVersion(deps, token);
  return inSchool(deps.db, link.schoolId, async (trx) => ({
    bytes: await renderVersion(trx, deps, v, locale),
    version: v.version,
  }));
}

/**
 * The public check: which version of which agreement a content hash belongs to, and who signed it.
 * Runs outside any school (the holder of a PDF is not signed in); the hash is the only key.
 */
export async function checkHash(deps: Deps, hash: string): Promise<AgreementCheckResult> {
  const clean = hash.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(clean))
    return { hash: clean || null, outcome: 'no_match', fileMatches: null, match: null };
  return describe(deps, clean, null);
}

async function describe(
  deps: Deps,
  hash: string,
  fileMatches: boolean | null,
): Promise<AgreementCheckResult> {
  const db = deps.db;
  const versions = await db
    .selectFrom('agreement_versions as v')
    .innerJoin('agreements as a', 'a.id', 'v.agreement_id')
    .select(['v.id', 'v.version', 'v.status', 'v.content', 'v.signed_at', 'a.signed_version'])
    .where('v.content_hash', '=', hash)
    .where('v.status', 'in', ['awaiting_signatures', 'signed', 'superseded', 'withdrawn'])
    .orderBy('v.signed_at', 'desc')
    .execute();
  // The same content may go out twice (withdrawn, sent again): a signed one answers first.
  const v = versions.find((x) => x.signed_at) ?? versions[0];
  if (!v) return { hash, outcome: 'no_match', fileMatches, match: null };
  const signatures = (
    await db.selectFrom('agreement_signatures').selectAll().where('version_id', '=', v.id).execute()
  )
    .filter((s) => s.signed_at)
    .sort((a, b) => agreementParties.indexOf(a.party) - agreementParties.indexOf(b.party));
  const c = v.content;
  return {
    hash,
    outcome: v.signed_at ? 'signed' : 'not_fully_signed',
    fileMatches,
    match: {
      version: v.version,
      kind: c.kind,
      learner: `${c.learner.givenName} ${c.learner.familyName}`,
      host: c.host?.name ?? '',
      school: c.school.name,
      startDate: c.period.startDate,
      endDate: c.period.endDate,
      signedAt: v.signed_at?.toISOString() ?? null,
      replacedBy:
        v.signed_at && v.signed_version !== null && v.signed_version > v.version ? v.signed_version : null,
      signatures: signatures.map((s) => ({
        party: s.party,
        name: s.signed_name ?? '',
        position: s.signed_position ?? '',
        signedAt: s.signed_at!.toISOString(),
      })),
    },
  };
}

/**
 * Checks an uploaded file: the hash written on its last page (and in its metadata) against the
 * signed versions, and the file itself against the PDFs Tilts made. Anything that is not a PDF gets a
 * plain answer, never an error.
 */
export async function checkFile(deps: Deps, bytes: Uint8Array): Promise<AgreementCheckResult> {
  const fileHash = sha256(bytes);
  const known = await deps.db
    .selectFrom('agreement_pdfs as f')
    .innerJoin('agreement_versions as v', 'v.id', 'f.version_id')
    .select('v.content_hash')
    .where('f.file_sha256', '=', fileHash)
    .executeTakeFirst();
  let text: { pages: string[]; keywords: string | null };
  try {
    if (bytes.length < 5 || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-')
      throw new Error('not a PDF');
    text = await readPdf(bytes);
  } catch {
    return { hash: null, outcome: 'not_pdf', fileMatches: null, match: null };
  }
  const fromKeywords = /sha256:([0-9a-f]{64})/.exec(text.keywords ?? '')?.[1];
  const lastPage = text.pages.at(-1) ?? '';
  const fromPage = /\b([0-9a-f]{64})\b/.exec(lastPage.replace(/\s+/g, ' '))?.[1];
  const hash = known?.content_hash ?? fromKeywords ?? fromPage;
  if (!hash) return { hash: null, outcome: 'no_hash', fileMatches: false, match: null };
  // A file whose page and metadata disagree was edited; the page is what a reader sees.
  if (fromPage && fromKeywords && fromPage !== fromKeywords && !known) {
    return { hash: fromPage, outcome: 'no_match', fileMatches: false, match: null };
  }
  return describe(deps, hash, Boolean(known));
}
