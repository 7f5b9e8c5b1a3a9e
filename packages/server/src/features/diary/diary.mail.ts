import { formatIsoDate, type Locale } from '@tilts/shared';
import type { FeatureMail } from '../mail/templates.ts';

const hoursText = (hours: number, locale: Locale) =>
  locale === 'lv' ? `${String(hours).replace('.', ',')} h` : `${hours} h`;

/**
 * Asks the workplace supervisor to confirm the diary: the unconfirmed entries listed, and the link
 * that opens them without an account.
 */
export function diaryReviewMail(input: {
  placementTitle: string;
  link: string;
  days: number;
  entries: { learnerName: string; entryDate: string; hours: number }[];
}): FeatureMail {
  const list = (locale: Locale) =>
    input.entries
      .map(
        (e) => `- ${formatIsoDate(e.entryDate, locale)} · ${e.learnerName} · ${hoursText(e.hours, locale)}`,
      )
      .join('\n');
  return {
    template: 'diary_review',
    render: (locale) =>
      locale === 'lv'
        ? {
            subject: `Tilts: apstipriniet prakses dienasgrāmatu „${input.placementTitle}”`,
            text: `Labdien!\n\nPrakses „${input.placementTitle}” dienasgrāmatā ir ieraksti, ko gaida jūsu apstiprinājums (${input.entries.length}):\n${list('lv')}\n\nLai tos apstiprinātu vai atgrieztu ar komentāru (katru atsevišķi vai visu nedēļu uzreiz), atveriet:\n${input.link}\n\nKonts nav vajadzīgs; saite derīga ${input.days} dienas.\n\nTilts`,
          }
        : {
            subject: `Tilts: please confirm the placement diary “${input.placementTitle}”`,
            text: `Hello,\n\nThe diary of the placement “${input.placementTitle}” has entries waiting for your confirmation (${input.entries.length}):\n${list('en')}\n\nTo confirm them or return them with a comment (one by one or a whole week at once), open:\n${input.link}\n\nNo account is needed; the link is valid for ${input.days} days.\n\nTilts`,
          },
  };
}
