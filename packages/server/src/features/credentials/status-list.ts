import { Bitstring } from '@digitalbazaar/bitstring';
import { VC_V2 } from './contexts.ts';
import { isoSeconds, type StatusEntry } from './ob3.ts';

/** Positions per list: the Bitstring Status List minimum (16 KB), so one credential hides among many. */
export const LIST_SIZE = 131_072;

export type StatusPurpose = 'revocation' | 'suspension';
export const statusPurposes: StatusPurpose[] = ['revocation', 'suspension'];

export function statusListUrl(
  publicUrl: string,
  slug: string,
  purpose: StatusPurpose,
  listNo: number,
): string {
  return `${publicUrl}/api/credentials/status/${encodeURIComponent(slug)}/${purpose}/${listNo}`;
}

/** Where a credential's status lives: the list and the bit, from the school's running position. */
export function statusEntry(
  publicUrl: string,
  slug: string,
  purpose: StatusPurpose,
  position: number,
): StatusEntry {
  return {
    listUrl: statusListUrl(publicUrl, slug, purpose, Math.floor(position / LIST_SIZE)),
    index: position % LIST_SIZE,
  };
}

/** The GZIP-compressed, base64url, multibase-prefixed bitstring with the given bits set. */
export async function encodeList(setBits: Iterable<number>): Promise<string> {
  const list = new Bitstring({ length: LIST_SIZE });
  for (const bit of setBits) list.set(bit, true);
  return `u${await list.encodeBits()}`;
}

/** Reads a bit from an encoded list; throws on a list that is not a valid encoding. */
export async function listBit(encodedList: string, index: number): Promise<boolean> {
  if (!encodedList.startsWith('u')) throw new Error('the encoded list is not multibase base64url');
  const buffer = await Bitstring.decodeBits({ encoded: encodedList.slice(1) });
  if (index < 0 || index >= buffer.length * 8) throw new Error('the index is outside the list');
  return new Bitstring({ buffer }).get(index);
}

/** The unsigned BitstringStatusListCredential; the school signs it, with the same issuer as its credentials. */
export function statusListCredential(
  url: string,
  issuerDid: string,
  purpose: StatusPurpose,
  encodedList: string,
  now: Date,
) {
  return {
    '@context': [VC_V2],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerDid,
    validFrom: isoSeconds(now),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: purpose,
      encodedList,
    },
  };
}
