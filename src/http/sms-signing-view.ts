// The signing page's HTML (R8), pure: (what to show, locale) → a small mobile page, no script, no framework.
import type { Messages } from '../domain/errors.js';
import { aboutWords, KIND_LABEL } from '../domain/labels.js';
import type { Kind, SubjectType } from '../domain/types.js';
import { type Vendor, vendorProfile } from '../domain/vendors.js';
import { escapeHtml, PAGE_FONTS } from './html.js';

export type PageLocale = 'zh' | 'en';

const W = {
  title: { zh: '签署合同', en: 'Sign the contract' },
  number: { zh: '合同编号', en: 'Contract' },
  kind: { zh: '合同类型', en: 'Kind' },
  partyA: { zh: '甲方', en: 'Party A' },
  signer: { zh: '签署人', en: 'Signer' },
  items: { zh: '合同内容', en: 'Items' },
  draft: { zh: '阅读合同草稿（PDF）', en: 'Read the draft (PDF)' },
  step1: { zh: '① 获取验证码', en: '① Get a code' },
  step1Hint: { zh: '验证码将以短信发送至 {phone}', en: 'We will text a code to {phone}' },
  sendCode: { zh: '发送验证码', en: 'Send code' },
  sent: { zh: '验证码已发送至 {phone}，5 分钟内有效', en: 'Code sent to {phone}; valid for 5 minutes' },
  step2: { zh: '② 输入验证码并签署', en: '② Enter the code and sign' },
  code: { zh: '短信验证码', en: 'Code from the SMS' },
  // R7: an enterprise's signer signs with the company's e-seal; a person signs with their own signature.
  agreeEnterprise: {
    zh: '我已阅读并同意以上合同内容，以企业电子印章签署',
    en: "I have read the contract above and sign it with the company's e-seal",
  },
  agreePersonal: { zh: '我已阅读并同意以上合同内容，以本人签名签署', en: 'I have read the contract above and sign it with my signature' },
  sign: { zh: '确认签署', en: 'Sign' },
  signedTitle: { zh: '签署完成', en: 'Signed' },
  signed: {
    zh: '合同 {number} 已签署，等待{vendor}签章后生效。您可以关闭此页面。',
    en: 'Contract {number} is signed; it takes effect once {vendor} seals it. You may close this page.',
  },
  problem: { zh: '无法签署', en: 'Cannot sign' },
  other: { zh: 'English', en: '中文' },
} satisfies Record<string, Messages>;

const say = (m: Messages, l: PageLocale, p: Record<string, string> = {}): string =>
  escapeHtml(m[l]).replace(/\{(\w+)\}/g, (w, k: string) => (k in p ? escapeHtml(p[k]!) : w));

/** 139****2222: enough for the signer to recognise their phone, not enough to read it off a shared screen. */
export const maskPhone = (phone: string): string => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

// The phone's own CJK fonts come first; then the page's own (a subset of the PDFs' font, inline: http/page-font.ts).
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 ${PAGE_FONTS};background:#f4f5f7;color:#1d1c1d}
main{max-width:560px;margin:0 auto;padding:16px}header{display:flex;justify-content:space-between;align-items:center}
h1{font-size:20px;font-weight:700;margin:8px 0 16px}.card{background:#fff;border-radius:12px;padding:16px;margin-bottom:16px;box-shadow:0 1px 3px #0002}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:6px 12px}dt{color:#616061}dd{margin:0;word-break:break-all}
ul{margin:8px 0 0;padding-left:20px}label{display:block;margin:8px 0 4px}
input[type=text]{width:100%;font-size:22px;letter-spacing:6px;padding:10px;border:1px solid #bbb;border-radius:8px}
button,input{font-family:inherit}button{width:100%;font-size:18px;padding:12px;border:0;border-radius:8px;background:#007a5a;color:#fff;margin-top:12px}
button.secondary{background:#fff;color:#007a5a;border:1px solid #007a5a}.err{background:#fde8e8;color:#a11;padding:12px;border-radius:8px}
.ok{background:#e6f4ea;color:#14532d;padding:12px;border-radius:8px}.hint{color:#616061;font-size:14px}a{color:#1264a3}
.check{display:flex;gap:8px;align-items:flex-start;margin-top:12px}.check input{margin-top:5px}
.err{margin:8px 0 0}[aria-invalid=true]{border-color:#a11}`;

function page(l: PageLocale, title: string, body: string, otherLang: string | null): string {
  const toggle = otherLang ? `<a href="${escapeHtml(otherLang)}" lang="${l === 'zh' ? 'en' : 'zh'}">${say(W.other, l)}</a>` : '';
  return `<!doctype html><html lang="${l === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><header><h1>${escapeHtml(title)}</h1>${toggle}</header>${body}</main></body></html>`;
}

export interface SigningPageState {
  number: string;
  kind: Kind;
  vendor: Vendor;
  subjectType: SubjectType;
  partyA: string;
  signerName: string;
  phone: string;
  totalCents: number;
  items: string[];
  /** The items' own references (a filing contract's filing numbers). */
  itemRefs: string[];
  draftUrl: string;
  /** Where the forms post, with the link's own query (exp, sig, lang). */
  codeAction: string;
  signAction: string;
  csrf: string;
  codeSent: boolean;
  /** A refusal, shown where it belongs: under the code field, under the send-code button, or atop the page. */
  error: Messages | null;
  errorAt?: 'code' | 'send' | 'page';
  /** The signer had ticked the agreement: a wrong code must not clear it. */
  agreed?: boolean;
  otherLang: string;
}

export function signingPage(s: SigningPageState, l: PageLocale): string {
  const phone = maskPhone(s.phone);
  const items = s.items.length ? `<ul>${s.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '';
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(s.csrf)}">`;
  const at = s.error ? (s.errorAt ?? 'page') : null;
  const errorHere = (where: 'code' | 'send' | 'page', id: string) =>
    at === where ? `<p class="err" role="alert" id="${id}">${escapeHtml(s.error![l])}</p>` : '';
  const agree = s.subjectType === 'personal' ? W.agreePersonal : W.agreeEnterprise;
  // A framework or filing contract has no amount to sign for: it names its agreement or filing numbers instead of ¥0.00.
  const about = aboutWords(s, s.itemRefs);
  const body = `
${errorHere('page', 'page-error')}
${s.codeSent && !s.error ? `<p class="ok" role="status">${say(W.sent, l, { phone })}</p>` : ''}
<section class="card" aria-label="${say(W.number, l)}"><dl>
<dt>${say(W.number, l)}</dt><dd id="contract-number">${escapeHtml(s.number)}</dd>
<dt>${say(W.kind, l)}</dt><dd>${escapeHtml(KIND_LABEL[s.kind][l])}</dd>
<dt>${say(W.partyA, l)}</dt><dd>${escapeHtml(s.partyA)}</dd>
<dt>${say(W.signer, l)}</dt><dd>${escapeHtml(s.signerName)}</dd>
<dt>${escapeHtml(about.label[l])}</dt><dd id="about">${escapeHtml(about.value[l])}</dd></dl>
${items ? `<p class="hint">${say(W.items, l)}</p>${items}` : ''}
<p><a id="draft-link" href="${escapeHtml(s.draftUrl)}" target="_blank" rel="noopener noreferrer">${say(W.draft, l)}</a></p></section>
<section class="card"><h2>${say(W.step1, l)}</h2><p class="hint">${say(W.step1Hint, l, { phone })}</p>
<form method="post" action="${escapeHtml(s.codeAction)}">${csrf}<button class="secondary" id="send-code">${say(W.sendCode, l)}</button>
${errorHere('send', 'send-error')}</form></section>
<section class="card"><h2>${say(W.step2, l)}</h2>
<form method="post" action="${escapeHtml(s.signAction)}">${csrf}
<label for="code">${say(W.code, l)}</label><input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${at === 'code' ? ' aria-invalid="true" aria-describedby="code-error" autofocus' : ''}>
${errorHere('code', 'code-error')}
<label class="check"><input type="checkbox" name="agree" id="agree" required${s.agreed ? ' checked' : ''}><span>${say(agree, l)}</span></label>
<button id="sign">${say(W.sign, l)}</button></form></section>`;
  return page(l, `${W.title[l]} · ${s.number}`, body, s.otherLang);
}

export const signedPage = (number: string, vendor: Vendor, l: PageLocale): string =>
  page(l, W.signedTitle[l], `<p class="ok" role="status" id="signed">${say(W.signed, l, { number, vendor: vendorProfile(vendor).name[l] })}</p>`, null);

export const problemPage = (error: Messages, l: PageLocale, otherLang: string | null): string =>
  page(l, W.problem[l], `<p class="err" role="alert" id="problem">${escapeHtml(error[l])}</p>`, otherLang);
