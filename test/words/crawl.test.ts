// Issue 26's acceptance: a crawl of every surface (every builder of src/slack/views/, see test/helpers/surfaces.ts) in
// both languages and for both vendors, reading what a person reads, finds no Slack id outside a mention, no variable or
// field name, no English in a Chinese text (product names such as PDF and Slack aside) nor Chinese in an English one,
// and no word of the other vendor. The data is Greek, so whatever Chinese or English is found is the app's own.
import { describe, expect, it } from 'vitest';
import { type Vendor, VENDORS } from '../../src/domain/vendors.js';
import { type Locale, t, TEXT_KEYS } from '../../src/slack/i18n.js';
import { NEUTRAL, type Surface, surfaces } from '../helpers/surfaces.js';

const LOCALES: Locale[] = ['zh', 'en'];

/** Every string a person sees: `text` of messages, text objects, options, option groups, confirm dialogs. */
function visible(x: unknown): string[] {
  if (Array.isArray(x)) return x.flatMap(visible);
  if (!x || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : visible(v)));
}

/** As Slack shows it: a link by its label, a mention by the name; code spans are what to type or quote, literally. */
function shown(text: string): string {
  return (
    text
      .replace(/<(https?:[^|>]*)\|([^>]+)>/g, '$2')
      .replace(/<https?:[^>]*>/g, '')
      .replace(/<@[UW][A-Z0-9]+>/g, '@Ω')
      .replace(/<#C[A-Z0-9]+(\|[^>]*)?>/g, '#Ω')
      .replace(/<!(here|channel|everyone)>/g, '@$1')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '')
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\S+@\S+\.\S+/g, '')
      .replace(/HT-\d{4}-\d+/g, '')
      // A command is typed as it is, in every language: /contract show, /invite @contract-desk.
      .replace(/\/contract(?: [a-z]+)?|\/invite @contract-desk/g, '')
  );
}

/** Names that stay as they are in either language: products, formats, and each language's own name in the language picker. */
// Tencent Cloud's own console terms for its API keys (API 密钥, SecretId, SecretKey, CAM), its API's name and the error
// codes it answers, which support looks up as they are.
const PROPER =
  /\b(PDF|Slack|QingCloud|SHA-256|SHA|CSV|XLSX|csv|xlsx|MB|ICP|ID|App|GMT|UTC|API|SecretId|SecretKey|AKID|CAM|DescribeDealsByCond|AuthFailure\.[A-Za-z]+|UnauthorizedOperation|RequestLimitExceeded)\b|English/g;
/** Where a workspace chooses its vendor (it has none yet, or changes it before its first contract), both are named. */
const VENDOR_CHOICE = /^(zh|en) (unlinkedBlocks|unlinkedHomeView|unlinkedText|accountSetupView) /;
/**
 * The SMS (R8) is in both languages on purpose: it reaches a phone, and nobody knows the phone's language. Each half
 * is still checked for code names and the other vendor.
 */
const BOTH_LANGUAGES = /^(zh|en) (signingSms|signingCodeSms) /;

function problems(s: Surface, l: Locale, vendor: Vendor): string[] {
  const texts = [...(s.message ? [s.message.text] : []), ...visible(s.message?.blocks ?? s.view ?? s.options)];
  const found: string[] = [];
  for (const raw of texts) {
    const text = shown(raw);
    const say = (what: string, hits: RegExpMatchArray | null) => hits && found.push(`${what} ${[...new Set(hits)].join(', ')} in «${raw.slice(0, 160)}»`);
    say('Slack id', text.match(/\b[UWCDGT][A-Z0-9]{8,}\b/g));
    say('code name', text.match(/\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b|system:|\{\w+\}|\bundefined\b|\bnull\b|\bNaN\b|\[object/g));
    say('rule number', text.match(/\bR\d{1,2}[a-z]?\b/g));
    if (BOTH_LANGUAGES.test(s.name)) {
      // checked below for the rest
    } else if (l === 'zh') say('English in Chinese', text.replace(PROPER, '').match(/[A-Za-z]{2,}/g));
    else say('Chinese in English', text.replace('中文', '').match(/[\p{Script=Han}\u3000-\u303f\uff01-\uff5e]+/gu));
    if (!VENDOR_CHOICE.test(s.name)) say('the other vendor', text.match(vendor === 'tencent' ? /QingCloud|青云/gi : /腾讯|Tencent/gi));
  }
  return found.map((f) => `${s.name}: ${f}`);
}

describe('a crawl of every surface', () => {
  for (const l of LOCALES) {
    for (const vendor of VENDORS) {
      it(`${l}, ${vendor}: nothing internal, nothing in the other language, nothing of the other vendor`, () => {
        const all = surfaces(l, vendor, NEUTRAL);
        expect(all.length).toBeGreaterThan(200);
        expect(all.flatMap((s) => problems(s, l, vendor))).toEqual([]);
      });
    }
  }

  it.each(LOCALES)('%s: every sentence of src/slack/i18n.ts, its blanks filled', (l) => {
    const fill = new Proxy({}, { has: () => true, get: () => 'Ω' }) as Record<string, string>;
    const all = TEXT_KEYS.map((key) => ({ name: `${l} i18n:${key} -`, message: { text: t(key, l, fill) } }));
    expect(all.flatMap((s) => problems(s, l, 'tencent').filter((p) => !p.includes('the other vendor')))).toEqual([]);
  });

  it('would catch each kind of slip', () => {
    const slip = (text: string, l: Locale, vendor: Vendor = 'tencent') => problems({ name: 'x', message: { text } }, l, vendor);
    expect(slip('输入有误：tracking number', 'zh')).toHaveLength(1);
    expect(slip('Requester: U0ADMIN001', 'en')).toHaveLength(1);
    expect(slip('Status: draft_ready', 'en')).toHaveLength(1);
    expect(slip('Done: 作废', 'en')).toHaveLength(1);
    expect(slip('腾讯云已签章', 'zh', 'qingcloud')).toHaveLength(1);
    expect(slip('请下载 PDF，或在 Slack 中 <@U0ADMIN001> 查看 `/contract show HT-2026-000001`', 'zh')).toEqual([]);
  });
});
