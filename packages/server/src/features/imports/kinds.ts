import { unitImport } from '../catalogue/units.import.ts';
import { partnerImport } from '../partners/partners.import.ts';
import { learnerImport, staffImport } from '../people/people.import.ts';
import type { ImportKind } from './import-kind.ts';

/**
 * Every kind of CSV import. A feature adds its own by writing an `ImportKind` and listing it here
 * (learners and staff, credential batches…); the upload, preview and confirm routes serve them all.
 */
export const importKinds: readonly ImportKind<unknown>[] = [
  partnerImport as ImportKind<unknown>,
  unitImport as ImportKind<unknown>,
  learnerImport as ImportKind<unknown>,
  staffImport as ImportKind<unknown>,
];
