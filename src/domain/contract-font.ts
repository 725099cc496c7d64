// What the contract's font cannot print. A STUB until the PDF work exports the real check (unprintableInContract,
// from the subset font's character map): switch the export below to it, the input layer calls only this name.
// Until then emoji stand in for "not in the font": Noto Sans SC, which the contract is set in, has none.
const PICTOGRAPHIC = /\p{Extended_Pictographic}/gu;

/** The distinct characters of `text` the contract cannot print, in order of appearance (empty when all print). */
export function unprintableInContract(text: string): string[] {
  return [...new Set(text.match(PICTOGRAPHIC) ?? [])];
}
