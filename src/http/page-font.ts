// The CJK font of the pages this app serves outside Slack (the signing page, its error pages, the document links'
// refusal page). A phone without Chinese fonts drew boxes: the 10 MB font the PDFs embed, offered as a web font, was
// not there when the text was first drawn, and Chromium kept the boxes (issue 26). Each page now carries, inline, a
// subset of that font with just the characters it shows (about 27 KB for a signing page's ~100 distinct characters,
// 90 ms with harfbuzz through `subset-font`), so the font is there at the first paint and nothing is downloaded. The
// phone's own CJK fonts still come first. A subset is kept per character set, so a page shown again costs nothing.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { FONT_FILES } from '../pdf/fonts.js';

const require = createRequire(import.meta.url);
type Subset = (font: Buffer, text: string, opts: { targetFormat: 'truetype' }) => Promise<Buffer>;

/** The family name the pages' CSS uses after the phone's own CJK fonts. */
export const PAGE_CJK_FAMILY = 'page-cjk';
/** The font sources a page's Content-Security-Policy must allow: the inline font is a data: URL. */
export const FONT_SRC = 'data:';

let regular: Promise<Buffer> | null = null;
const cache = new Map<string, Promise<string>>();
const CACHE_MAX = 200;

/** The characters of a page that need the font: everything outside ASCII (the phone's Latin fonts draw the rest). */
export function pageCharacters(html: string): string {
  return [...new Set([...html].filter((ch) => ch.codePointAt(0)! > 0x7f))].sort().join('');
}

async function fontFace(chars: string): Promise<string> {
  const subset = require('subset-font') as Subset;
  regular ??= readFile(FONT_FILES.regular);
  const bytes = await subset(await regular, chars, { targetFormat: 'truetype' });
  // font-display: block: the subset is inline, so there is no wait to hide text behind; bold is synthesised.
  return `@font-face{font-family:${PAGE_CJK_FAMILY};font-display:block;src:url(data:font/ttf;base64,${bytes.toString('base64')}) format("truetype")}`;
}

/**
 * The page with its own CJK font: a <style> with the subset, put first in <head>. A page that the subset cannot be made
 * for is sent as it is (the phone's fonts, if any), never not at all.
 */
export async function withPageFont(html: string): Promise<string> {
  const chars = pageCharacters(html);
  if (!chars) return html;
  let face = cache.get(chars);
  if (!face) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    face = fontFace(chars);
    cache.set(chars, face);
    face.catch(() => cache.delete(chars));
  }
  try {
    return html.replace('<head>', `<head><style>${await face}</style>`);
  } catch {
    return html;
  }
}
