import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

const urlPattern = /(https?:\/\/[^\s<>"']+)/g;

/** Plain text with its web addresses made clickable. Trailing punctuation stays text. */
export function linkify(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index ?? 0;
    let url = match[0];
    const trailing = /[.,;:!?)\]”]+$/.exec(url)?.[0] ?? '';
    url = url.slice(0, url.length - trailing.length);
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <Anchor key={`${start}-${url}`} href={url} style={{ overflowWrap: 'anywhere' }}>
        {url}
      </Anchor>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
