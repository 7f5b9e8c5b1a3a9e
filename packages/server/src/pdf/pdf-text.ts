import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfContents {
  /** The text of each page, lines joined by newlines. */
  pages: string[];
  /** The document's metadata keywords, where a content hash may be written. */
  keywords: string | null;
  title: string | null;
}

/** Reads a PDF back: its text page by page and its metadata. Throws on a file that is not a PDF. */
export async function readPdf(bytes: Uint8Array): Promise<PdfContents> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text);
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Keywords?: string; Title?: string };
    return { pages, keywords: info.Keywords ?? null, title: info.Title ?? null };
  } finally {
    await doc.destroy();
  }
}
