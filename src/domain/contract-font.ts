// The input layer's first check of what the contract's font cannot print: emoji, the usual case (Noto Sans SC, which
// the contract is set in, has none), refused under their field as the person types them. The domain does no I/O, so
// the check against the font itself (every character, src/pdf/font-coverage.ts) runs in the services before anything
// is stored, and its refusal names the field too.
const PICTOGRAPHIC = /\p{Extended_Pictographic}/gu;

/** The distinct characters of `text` the contract cannot print, in order of appearance (empty when all print). */
export function unprintableInContract(text: string): string[] {
  return [...new Set(text.match(PICTOGRAPHIC) ?? [])];
}
