import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Locale } from '@tilts/shared';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.d.ts';

export type { Content, TDocumentDefinitions };

// DejaVu has every Latvian letter (ā č ē ģ ī ķ ļ ņ š ū ž) and ships as TTF in an npm package, so
// PDFs need nothing from the machine or the network.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = {
  normal: join(fontDir, 'DejaVuSans.ttf'),
  bold: join(fontDir, 'DejaVuSans-Bold.ttf'),
  italics: join(fontDir, 'DejaVuSans-Oblique.ttf'),
  bolditalics: join(fontDir, 'DejaVuSans-BoldOblique.ttf'),
};
const allowedFiles = new Set(Object.values(fontFiles));

pdfmake.setFonts({ DejaVuSans: fontFiles });
// A document is built from our data only: no file but the fonts, no URL at all.
pdfmake.setLocalAccessPolicy((path) => allowedFiles.has(path));
pdfmake.setUrlAccessPolicy(() => false);

/** The house look of every PDF: styles any document may use by name. */
export const pdfStyles = {
  title: { fontSize: 17, bold: true, margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 11, color: '#444444', margin: [0, 0, 0, 12] },
  h2: { fontSize: 12.5, bold: true, margin: [0, 12, 0, 5] },
  h3: { fontSize: 10.5, bold: true, margin: [0, 8, 0, 3] },
  label: { fontSize: 8.5, color: '#555555' },
  small: { fontSize: 8, color: '#555555' },
  tableHeader: { bold: true, fontSize: 9, fillColor: '#eeeeee' },
  mono: { fontSize: 8 },
} satisfies TDocumentDefinitions['styles'];

export interface PdfOptions {
  title: string;
  locale: Locale;
  /** Shown at the foot of every page, left; the page number is on the right. */
  footer?: string;
  /** Written into the file's metadata (keywords), e.g. a content hash a checker looks for. */
  keywords?: string;
  /** Fixed creation time, so the same content gives the same file. */
  createdAt?: Date;
}

const pageWord: Record<Locale, string> = { lv: 'lpp.', en: 'page' };

/** Renders a document in the house style (A4, DejaVu Sans, page numbers) to the bytes of a PDF. */
export async function renderPdf(content: Content, options: PdfOptions): Promise<Buffer> {
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    info: {
      title: options.title,
      creator: 'Tilts',
      producer: 'Tilts',
      ...(options.keywords ? { keywords: options.keywords } : {}),
      ...(options.createdAt ? { creationDate: options.createdAt } : {}),
    },
    language: options.locale === 'lv' ? 'lv-LV' : 'en-GB',
    defaultStyle: { font: 'DejaVuSans', fontSize: 9.5, lineHeight: 1.2 },
    styles: pdfStyles,
    content,
    footer: (page, pages) => ({
      margin: [48, 18, 48, 0],
      columns: [
        { text: options.footer ?? '', style: 'small' },
        {
          text: `${page} / ${pages} ${pageWord[options.locale]}`,
          style: 'small',
          alignment: 'right',
          width: 80,
        },
      ],
    }),
  };
  return pdfmake.createPdf(doc).getBuffer();
}

/** Two-column "label: value" rows, the shape of most of a form's first page. */
export function fieldTable(rows: [label: string, value: string | undefined | null][]): Content {
  return {
    table: {
      widths: [150, '*'],
      body: rows.map(([label, value]) => [
        { text: label, style: 'label' },
        { text: value && value.trim() !== '' ? value : '—' },
      ]),
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 6],
  };
}
