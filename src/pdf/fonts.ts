// The CJK font ships in an npm package (Noto Sans SC, static TTFs), read by path: no download at run time.
// fontkit 1.9 subsets CJK correctly with pdf-lib 1.17 (@pdf-lib/fontkit leaves most glyphs blank). The 10 MB font is
// parsed once per process: pdf-lib calls fontkit.create for every document, so a caching shim stands in for fontkit.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from 'fontkit';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

export const FONT_FILES = {
  regular: join(root, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join(root, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

let bytes: { regular: Uint8Array; bold: Uint8Array } | null = null;
export function fontBytes() {
  bytes ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) };
  return bytes;
}

const parsed = new WeakMap<Uint8Array, unknown>();
/** What pdf-lib's registerFontkit takes: fontkit, with create() remembering the fonts it parsed. */
export const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    const hit = parsed.get(data);
    if (hit) return hit;
    const font = (fontkit as unknown as { create(d: Uint8Array, n?: string): unknown }).create(data, postscriptName);
    parsed.set(data, font);
    return font;
  },
};
