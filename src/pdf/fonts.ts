// The CJK font ships in an npm package (Noto Sans SC, static TTFs), read by path: no download at run time.
// fontkit 1.9 subsets CJK correctly with pdf-lib 1.17 (@pdf-lib/fontkit leaves most glyphs blank). The 10 MB font is
// parsed once per process: pdf-lib calls fontkit.create for every document, so a caching shim stands in for fontkit.
// fontkit itself (~80 modules, ~0.15 s) is required on the first font parsed, not at start: a restart should not wait
// for it, and the web pages that only serve the font files (FONT_FILES) never need it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

export const FONT_FILES = {
  regular: join(root, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join(root, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

let bytes: { regular: Uint8Array } | null = null;
/** The face the PDFs are set in; bold is drawn from it (./emphasis.ts). The bold file is only served to web pages. */
export function fontBytes() {
  bytes ??= { regular: readFileSync(FONT_FILES.regular) };
  return bytes;
}

interface Glyph {
  advanceWidth: number;
}
export interface FontkitFont {
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): Glyph;
  layout(text: string, features?: unknown): { glyphs: Glyph[] };
}

/**
 * pdf-lib lays out every string it draws or measures through `font.layout`, which runs fontkit's whole OpenType
 * shaping (script detection, GSUB and GPOS lookups): a quarter of a contract's rendering time. Contract text is
 * Chinese and Latin, set without ligatures or kerning (the line wrapping measures character by character anyway), so
 * each character maps straight to its glyph. pdf-lib reads only `glyphs` from the result.
 */
function plainLayout(font: FontkitFont): FontkitFont['layout'] {
  return (text) => ({ glyphs: Array.from(text, (ch) => font.glyphForCodePoint(ch.codePointAt(0)!)) });
}

const parsed = new WeakMap<Uint8Array, FontkitFont>();
/** What pdf-lib's registerFontkit takes: fontkit, with create() remembering the fonts it parsed. */
export const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    const hit = parsed.get(data);
    if (hit) return hit;
    const fontkit = require('fontkit') as { create(d: Uint8Array, n?: string): FontkitFont };
    const font = fontkit.create(data, postscriptName);
    font.layout = plainLayout(font);
    parsed.set(data, font);
    return font;
  },
};
