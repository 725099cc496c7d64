// What free text people type may hold. PostgreSQL refuses U+0000 outright; other controls and unpaired surrogates
// would be stored (or silently turned into U+FFFD on the wire) and then show up as nothing, boxes or reversed text in
// Slack, the PDF and the audit trail. So each character is either kept, stripped where that changes nothing the
// person meant, or the text is refused with the offending character named.
import { type DomainError, domainError } from './errors.js';

export type TextKind =
  /** One line: names, phone numbers, e-mail, addresses, amounts, slash-command arguments. */
  | 'line'
  /** Several lines: a rejection reason. Line breaks are content. */
  | 'lines';

export type Cleaned = { ok: true; value: string } | { ok: false; error: DomainError; char: string };

// C0 controls, DEL and C1 controls; the bidi embeddings, overrides and isolates, which reorder what surrounds them
// (a contract number or a name can be made to read differently from what it is); unpaired surrogates, which no UTF-8
// can carry (with the u flag a well-formed pair is one code point, so the surrogate range matches lone halves only).
// Zero-width joiners and variation selectors stay: emoji and some scripts need them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const REFUSED = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
const REFUSED_ALL = new RegExp(REFUSED.source, 'gu');
// In one-line text a line or paragraph separator is refused too (in several lines it has become LF by then).
const REFUSED_OR_BREAK = new RegExp(`${REFUSED.source}|[\\u2028\\u2029]`, 'gu');

/** U+XXXX, as people and support staff can look it up. */
const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Whitespace at either end (tabs, line breaks, no-break spaces included) is stripped: a name pasted with a trailing
 * tab or newline means the name. In multi-line text, CR LF, CR and the Unicode line and paragraph separators become
 * LF. Anything from REFUSED left inside, and a line break inside one-line text, refuses the whole text.
 */
export function cleanText(raw: string, kind: TextKind): Cleaned {
  let s = raw.trim();
  if (kind === 'lines') s = s.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  const allowed = kind === 'lines' ? (ch: string) => ch === '\n' : () => false;
  for (const m of s.matchAll(REFUSED_OR_BREAK)) {
    if (allowed(m[0])) continue;
    const char = codePoint(m[0]);
    return { ok: false, char, error: domainError('TEXT_UNPRINTABLE', { char }) };
  }
  return { ok: true, value: s };
}

/** For text that is only searched with, never stored or shown (a type-ahead query): drop what cleanText refuses. */
export function stripUnprintable(raw: string): string {
  return raw.replace(REFUSED_ALL, '').replace(/[\u2028\u2029]/g, ' ');
}
