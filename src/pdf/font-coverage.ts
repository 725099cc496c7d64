// Which characters the contract's font cannot print. The legal PDF is set in Noto Sans SC only: a character it has
// no glyph for prints as an empty box, so such text is refused where it is typed rather than stored and misprinted.
import { cachingFontkit, fontBytes } from './fonts.js';

const contractFont = () => cachingFontkit.create(fontBytes().regular);

/** Whitespace is laid out, not drawn; control characters are the free-text policy's business (domain/text.ts). */
const LAID_OUT = /[\s\p{Cc}]/u;

/**
 * The characters of `text` the contract font cannot print, each once, in order of appearance.
 * An emoji made of several code points (👍🏽, 👨‍👩‍👧) is reported as the whole grapheme a person typed.
 */
export function unprintableInContract(text: string): string[] {
  const out: string[] = [];
  const segments = new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text);
  for (const { segment } of segments) {
    if (LAID_OUT.test(segment) || out.includes(segment)) continue;
    const missing = [...segment].some((ch) => {
      const cp = ch.codePointAt(0)!;
      // Joiners and variation selectors draw nothing by themselves; the characters around them decide.
      if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return false;
      return !contractFont().hasGlyphForCodePoint(cp);
    });
    if (missing) out.push(segment);
  }
  return out;
}
