// The input layer: what people type, on every surface that takes it (the wizard's Party A step, the Party A profile,
// settings, signers, the signing phone, the paper copy's return address, a rejection reason). One zod schema per
// form, pure, used by the Slack listeners to answer each field's error under that field and by the services as the
// core check, so a form and a service can never disagree about what is valid.
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { unprintableInContract } from './contract-font.js';
import { type DomainError, domainError, type ErrorCode, errorCodes, type Messages, type Params } from './errors.js';

/** Every field a person types, with the label the form shows it under (the errors name it the same way). */
export const FIELD_LABEL = {
  address: { zh: '地址', en: 'Address' },
  contactName: { zh: '联系人', en: 'Contact' },
  phone: { zh: '联系电话', en: 'Phone' },
  email: { zh: '电子邮箱', en: 'Email' },
  signerName: { zh: '签署人姓名', en: "Signer's name" },
  signerPhone: { zh: '签署人手机号', en: "Signer's mobile number" },
  signPhone: { zh: '接收签署短信的手机号', en: 'Phone that receives the signing SMS' },
  recipient: { zh: '收件人', en: 'Recipient' },
  returnAddress: { zh: '回寄地址', en: 'Return address' },
  reason: { zh: '驳回原因', en: 'Reason' },
  approvalMin: { zh: '审批金额（元）', en: 'Approval amount (yuan)' },
  cloudAccountId: { zh: '云账号 ID', en: 'Cloud account ID' },
  verifiedSubject: { zh: '实名认证主体', en: 'Verified subject' },
  timeZone: { zh: '时区', en: 'Time zone' },
  vendorPaperAddress: { zh: '纸质合同邮寄地址', en: 'Address for paper copies' },
  trackingNumber: { zh: '快递单号', en: 'Courier tracking number' },
} as const satisfies Record<string, Messages>;
export type Field = keyof typeof FIELD_LABEL;

/** Refusals by field: what a form shows under each input. */
export type FieldErrors<F extends string = Field> = Partial<Record<F, DomainError>>;
export type Parsed<T, F extends string = Field> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

// A refusal travels through zod as a custom issue: its message is the error code, its params the error's.
type Ctx = z.core.$RefinementCtx<string>;
const fail = (ctx: Ctx, code: ErrorCode, params: Params) => ctx.addIssue({ code: 'custom', message: code, params });

/** Mainland China, when a number has no country code. */
const REGION = 'CN';

/** A phone number that receives SMS: a mainland-China mobile, stored as its 11 digits. */
export function mobileNumber(raw: string): string | null {
  const p = parsePhoneNumberFromString(raw, REGION);
  if (!p || p.country !== REGION || !p.isValid() || p.getType() !== 'MOBILE' || p.ext) return null;
  return p.nationalNumber;
}

/** Any phone a person can be called on (联系电话): a mobile, or a landline with its area code and an extension. */
export function isPhoneNumber(raw: string): boolean {
  // 转 is how an extension is written in Chinese (010-12345678转123); the library reads "ext.".
  return isValidPhoneNumber(raw.replace(/\s*转\s*/, ' ext. '), REGION);
}

/** Amounts people type: plain decimals, at most two places, thousands commas allowed; never 1e3, hex or -0. */
const AMOUNT = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;
/** 13 digits of yuan: far above any contract, and every amount up to it is exact in fen (below 2^53). */
export const MAX_AMOUNT_YUAN_DIGITS = 13;
const MAX_AMOUNT_WORDS = '9,999,999,999,999.99';

/**
 * An amount as typed: Chinese input methods type full-width digits and marks (１２３，４５６．７８), read as their ASCII
 * selves (NFKC); a plain decimal too large to keep is told apart from one that is not a number.
 */
export function readAmount(raw: string): { cents: number } | { error: 'invalid' | 'tooLarge' } {
  const s = raw.normalize('NFKC');
  if (!AMOUNT.test(s)) return { error: 'invalid' };
  const [yuan = '0', fen = ''] = s.replaceAll(',', '').split('.');
  const digits = yuan.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_AMOUNT_YUAN_DIGITS) return { error: 'tooLarge' };
  return { cents: Number(digits) * 100 + Number(fen.padEnd(2, '0')) };
}

/** An amount in yuan as typed, in fen; null when it is not a plain decimal or too large. Whole strings only, never floats. */
export function amountCents(raw: string): number | null {
  const r = readAmount(raw);
  return 'cents' in r ? r.cents : null;
}

interface TextRule {
  max: number;
  /** Shown on the contract (the PDF): characters its font cannot print are refused here, not found missing there. */
  printed?: boolean;
  optional?: boolean;
}

const labelled = (field: Field) => ({ field: FIELD_LABEL[field] });

/** Free text of a field: trimmed, required unless optional, at most `max` characters. */
function text(field: Field, rule: TextRule) {
  return z.string().transform((raw, ctx) => {
    const s = raw.trim();
    if (!s) {
      if (!rule.optional) fail(ctx, 'FIELD_REQUIRED', labelled(field));
      return s;
    }
    if ([...s].length > rule.max) fail(ctx, 'FIELD_TOO_LONG', { ...labelled(field), max: rule.max });
    const bad = rule.printed ? unprintableInContract(s) : [];
    if (bad.length) fail(ctx, 'TEXT_NOT_IN_CONTRACT_FONT', { ...labelled(field), chars: bad.join(' ') });
    return s;
  });
}

const required = (field: Field) => (raw: string, ctx: Ctx) => {
  const s = raw.trim();
  if (!s) fail(ctx, 'FIELD_REQUIRED', labelled(field));
  return s;
};

/** A mobile that receives the signing SMS (R8). */
export const mobile = (field: Field) =>
  z.string().transform((raw, ctx) => {
    const s = required(field)(raw, ctx);
    if (!s) return s;
    const n = mobileNumber(s);
    if (!n) fail(ctx, 'MOBILE_INVALID', { ...labelled(field), phone: s });
    return n ?? s;
  });

/** 联系电话: any phone, kept as typed (a landline's dashes and extension are how people read it). */
export const phone = (field: Field) =>
  z.string().transform((raw, ctx) => {
    const s = required(field)(raw, ctx);
    if (s && (s.length > 30 || !isPhoneNumber(s))) fail(ctx, 'PHONE_NUMBER_INVALID', { ...labelled(field), phone: s });
    return s;
  });

/** The one email rule (zod's: no spaces, no markup, a dotted domain). */
export const email = (field: Field) =>
  z.string().transform((raw, ctx) => {
    const s = required(field)(raw, ctx);
    if (s && (s.length > 200 || !z.email().safeParse(s).success)) fail(ctx, 'EMAIL_INVALID', { ...labelled(field), email: s });
    return s;
  });

/** An optional amount in yuan, as fen; empty means none. */
export const amount = (field: Field) =>
  z.string().transform((raw, ctx) => {
    const s = raw.normalize('NFKC').trim();
    if (!s) return null;
    const r = readAmount(s);
    if ('error' in r) fail(ctx, r.error === 'tooLarge' ? 'AMOUNT_TOO_LARGE' : 'AMOUNT_INVALID', { ...labelled(field), max: MAX_AMOUNT_WORDS });
    return 'cents' in r ? r.cents : null;
  });

/** A courier's tracking number: letters, digits and dashes, typed full-width or not; empty means none. */
export const MAX_TRACKING = 40;
export const trackingNumber = (field: Field) =>
  z.string().transform((raw, ctx) => {
    const s = raw.normalize('NFKC').trim();
    if (!s) return null;
    if (s.length > MAX_TRACKING || !/^[A-Za-z0-9-]+$/.test(s)) fail(ctx, 'TRACKING_NUMBER_INVALID', { ...labelled(field), max: MAX_TRACKING });
    return s;
  });

// ---- the forms

/** Party A's editable details (R4): the wizard's Party A step and the admin's Party A profile. */
export const PartyADetails = z.object({
  address: text('address', { max: 200, printed: true }),
  contactName: text('contactName', { max: 100, printed: true }),
  phone: phone('phone'),
  email: email('email'),
});
export type PartyADetails = z.output<typeof PartyADetails>;

/** A new signer of an enterprise account (R8): the SMS goes to this mobile. */
export const SignerRequest = z.object({
  name: text('signerName', { max: 100, printed: true }),
  phone: mobile('signerPhone'),
});

/** A personal account confirms (or corrects) the phone that receives the SMS (R8). */
export const SigningPhone = z.object({ phone: mobile('signPhone') });

/** R14: the paper copy's return address, required and immutable once submitted. */
export const ReturnAddressForm = z.object({
  recipient: text('recipient', { max: 100 }),
  phone: phone('phone'),
  address: text('returnAddress', { max: 200 }),
});

const MAX_REASON = 1000;
/** A rejection's reason: the requester reads it, and it is printed on the audit page. */
export const RejectReason = z.object({ reason: text('reason', { max: MAX_REASON, printed: true }) });

/** Tencent's paper guide step 3: the contract is in the post to the vendor, with the courier's number if the customer has one. */
export const PaperMailed = z.object({ tracking: trackingNumber('trackingNumber') });

/** The amount from which contracts need approval (empty: no amount rule). */
export const ApprovalAmount = z.object({ approvalMin: amount('approvalMin') });

/**
 * R17: the account's ID at its vendor, as its console shows it. A Tencent Cloud account ID (its UIN) is a number, as
 * Tencent's API references show it (100012345678); QingCloud's (usr-…) is checked only for its characters.
 */
const cloudAccountId = (field: Field, vendor: string) =>
  z.string().transform((raw, ctx) => {
    const s = required(field)(raw, ctx);
    const id = [...s].slice(0, 70).join('');
    if (s && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(s)) fail(ctx, 'CLOUD_ACCOUNT_ID_INVALID', { ...labelled(field), id });
    else if (s && vendor === 'tencent' && !/^[1-9]\d{4,19}$/.test(s)) fail(ctx, 'TENCENT_ACCOUNT_ID_INVALID', { ...labelled(field), id });
    return s;
  });

/** An IANA time zone the runtime knows (Asia/Shanghai). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timeZone = (field: Field) =>
  z.string().transform((raw, ctx) => {
    const s = required(field)(raw, ctx);
    if (s && !isTimeZone(s)) fail(ctx, 'TIME_ZONE_INVALID', { ...labelled(field), tz: [...s].slice(0, 70).join('') });
    return s;
  });

/**
 * R17: the account as set up (its first page): the cloud account, the verified subject Party A must match (R4), and
 * Party A's details. The vendor, subject type and language are choices, read by the listener from their selects; the
 * vendor chosen decides what its account ID looks like.
 */
export const accountSetupForm = (vendor: string) =>
  z.object({
    cloudAccountId: cloudAccountId('cloudAccountId', vendor),
    verifiedSubject: text('verifiedSubject', { max: 200, printed: true }),
    address: PartyADetails.shape.address,
    contactName: PartyADetails.shape.contactName,
    phone: PartyADetails.shape.phone,
    email: PartyADetails.shape.email,
    timeZone: timeZone('timeZone'),
  });

/** R14: where paper copies are mailed; empty means not told yet (requesters are asked to see an admin). */
export const PaperAddressForm = z.object({ vendorPaperAddress: text('vendorPaperAddress', { max: 200, optional: true }) });

/** Parses a form's raw strings; every field's refusal, keyed by the field, or the clean value. */
export function parseInput<S extends z.ZodType<object, Record<string, string>>>(
  schema: S,
  raw: Record<string, string>,
): Parsed<z.output<S>, Extract<keyof z.input<S>, string>> {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const errors: Record<string, DomainError> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (errors[key]) continue;
    const params = (issue.code === 'custom' ? issue.params : undefined) as Params | undefined;
    errors[key] = params && isCode(issue.message) ? domainError(issue.message, params) : domainError('INVALID_INPUT', { detail: checkField(key) });
  }
  return { ok: false, errors: errors };
}

/** The first refusal of a form, for a caller that answers one (a service). */
export function firstError<F extends string>(errors: FieldErrors<F>): DomainError {
  return Object.values<DomainError | undefined>(errors).find(Boolean) ?? domainError('INVALID_INPUT', { detail: checkField('') });
}

/** What to check, in words: the field by its label, never by its key. */
function checkField(key: string): Messages {
  const label = (FIELD_LABEL as Record<string, Messages>)[key];
  return label ? { zh: `请检查${label.zh}`, en: `check ${label.en}` } : { zh: '请检查填写的内容', en: 'check what was typed' };
}

const isCode = (s: string): s is ErrorCode => (errorCodes as string[]).includes(s);
