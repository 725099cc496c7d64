// The modal wizard (SPEC R9 / R10): one pure function per step.
import type { ModalView } from '@slack/types';
import type { ContractRow, SignerRow } from '../../db/schema.js';
import { channelLabel, durationWords, EXPECTED_DURATION, formatCents, KIND_LABEL, kindLabel, ORDER_TYPE_LABEL } from '../../domain/labels.js';
import { ACCEPTED_ORDER_TYPES, MAX_FILINGS, MAX_ORDERS, maxOrders } from '../../domain/rules.js';
import type { Kind, OrderType, PartyA, SealChannel } from '../../domain/types.js';
import { type Vendor, vendorProfile } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { ACTION, BLOCK, CB } from '../ids.js';
import type { ItemsMeta, PartyAMeta } from '../payloads.js';
import { actions, type Block, button, context, fields, input, modal, option, plain, section, textInput } from './blocks.js';

/** The account's vendor decides the kinds and channels offered (R1a): Tencent's three kinds on two channels, QingCloud's on one. */
export function startView(l: Locale, vendor: Vendor, templateUrl?: (kind: Kind, vendor?: Vendor) => string): ModalView {
  const p = vendorProfile(vendor);
  const hint = (c: SealChannel) => (c === 'vendor_seal' ? pick(p.vendorHint, l) : t('dualHint', l));
  const channels = p.channels.map((c) => option(pick(channelLabel(c, vendor), l), c, hint(c)));
  const dual = p.channels.includes('dual_seal');
  return modal(
    CB.start,
    t('newTitle', l),
    [
      input(BLOCK.kind, t('kind', l), {
        type: 'static_select',
        action_id: BLOCK.kind,
        placeholder: plain(t('chooseKind', l)),
        // What each kind is for, in the vendor's words (Tencent's overview 关于合同类型, QingCloud's guide 合同类型).
        options: p.kinds.map((k) => option(pick(kindLabel(k, vendor), l), k, p.kindPurpose[k] ? pick(p.kindPurpose[k], l) : undefined)),
      }),
      input(BLOCK.channel, t('channel', l), {
        type: 'radio_buttons',
        action_id: BLOCK.channel,
        options: channels,
        // One channel only (QingCloud): chosen already, so nobody has to tick the only choice.
        ...(channels.length === 1 ? { initial_option: channels[0] } : {}),
      }),
      context(dual ? `${t('dualActivation', l)}\n${t('channelWarning', l)}` : t('oneChannelWarning', l)),
      // The vendor's notices before applying: equal effect of the web-confirmed agreement and offline terms (Tencent's overview);
      // the legal party and the guide (QingCloud's guide).
      context(p.startNotices.map((n) => `ℹ️ ${pick(n, l)}`).join('\n')),
      ...(templateUrl
        ? [
            context(
              `${l === 'zh' ? '如需了解合同文本内容，可查看合同模板' : 'To read the text first, see the templates'}: ${p.kinds.map((k) => `<${templateUrl(k, vendor)}|${pick(KIND_LABEL[k], l)}>`).join(' · ')}`,
            ),
          ]
        : []),
    ],
    { submit: t('next', l), close: t('cancel', l) },
  );
}

// The metadata each step writes is what payloads.ts parses back: one schema, its types used here.
export type { ItemsMeta, PartyAMeta } from '../payloads.js';

export function itemsView(l: Locale, meta: ItemsMeta, vendor: Vendor): ModalView {
  const filing = meta.kind === 'filing';
  const max = meta.kind === 'filing' ? MAX_FILINGS : meta.kind === 'framework' ? MAX_ORDERS : maxOrders(meta.kind);
  return modal(
    CB.items,
    t(filing ? 'filingsTitle' : 'ordersTitle', l),
    [
      section(`*${pick(KIND_LABEL[meta.kind], l)}* · ${pick(channelLabel(meta.channel, vendor), l)}`),
      input(
        BLOCK.items,
        filing ? t('filingsLabel', l) : meta.kind === 'order' ? t('ordersLabel', l) : t('recordsLabel', l, { max }),
        {
          type: 'multi_external_select',
          action_id: BLOCK.items,
          min_query_length: 0,
          max_selected_items: max,
          placeholder: plain(filing ? pick(FILING_PLACEHOLDER, l) : '2024…'),
        },
        filing ? {} : { hint: itemsHint(meta.kind, l) },
      ),
      ...(meta.kind === 'order' ? [context(pick(POSTPAID_CAVEAT, l))] : []),
    ],
    { submit: pick(itemsSubmit(meta), l), close: t('cancel', l), meta },
  );
}

/** A filing number begins with its province and ICP 备 (京ICP备…); an English reader is told what to type instead. */
const FILING_PLACEHOLDER = { zh: '京ICP备…', en: 'Filing number or domain…' } as const;

/** Tencent's order guide's note on the order step: a postpaid order's contract carries the order, not what was actually used. */
export const POSTPAID_CAVEAT = {
  zh: '后付费订单合同中无法体现实际消费金额。',
  en: 'A postpaid order contract cannot show the actual consumption.',
} as const;

/** The vendor's button words: 下一步：填写甲方信息 on the dual channel, 创建合同草稿 on the vendor channel (Tencent's order guide). */
function itemsSubmit(meta: ItemsMeta) {
  if (meta.channel === 'dual_seal') return { zh: '下一步：填写甲方信息', en: 'Next: Party A' };
  if (meta.kind === 'order' || meta.kind === 'filing') return { zh: '创建合同草稿', en: 'Create the draft' };
  return { zh: '下一步', en: 'Next' };
}

/** Tencent's order guide saves a vendor-channel draft with 确认保存; QingCloud's guide says 确定 (framework) and 保存合同草稿. */
function partyASubmit(l: Locale, meta: PartyAMeta, vendor: Vendor): string {
  if (meta.mode === 'fill') return l === 'zh' ? '下一步：确认合同文本内容' : 'Next: confirm the text';
  if (vendorProfile(vendor).immediate) return meta.kind === 'framework' ? t('yes', l) : t('saveDraft', l);
  if (meta.channel === 'vendor_seal') return l === 'zh' ? '确认保存' : 'Confirm and save';
  return t('saveDraft', l);
}

/** R15: the framework's Party A is confirmed by a required tick before the draft is made at once. */
export const PARTY_A_CONFIRM = { zh: '请确认以上甲方信息真实有效', en: 'I confirm the Party A details above are true and valid' } as const;
export const needsPartyAConfirmation = (meta: PartyAMeta, vendor: Vendor) =>
  meta.mode === 'create' && meta.kind === 'framework' && vendorProfile(vendor).immediate;

/** QingCloud's guide's 确认记录: the records picked, read back before Party A. */
export const REVIEW_TITLE = { zh: '确认记录', en: 'Review the records' } as const;

export interface ReviewRow {
  id: string;
  type: OrderType;
  createdOn: string;
  amountCents: number;
  product?: string | null;
}

export function reviewView(l: Locale, meta: PartyAMeta & { mode: 'create' }, rows: readonly ReviewRow[], vendor: Vendor): ModalView {
  const total = rows.reduce((s, r) => s + r.amountCents, 0);
  const lines = rows.map(
    (r) =>
      `• \`${r.id}\` · ${pick(ORDER_TYPE_LABEL[r.type], l)} · ${r.createdOn}${r.product ? ` · ${escapeMrkdwn(r.product)}` : ''} · ${formatCents(r.amountCents)}`,
  );
  return modal(
    CB.review,
    pick(REVIEW_TITLE, l),
    [
      section(`*${pick(KIND_LABEL[meta.kind], l)}* · ${pick(channelLabel(meta.channel, vendor), l)}`),
      // 30 orders at most (R11) fit one section's 3000 characters in a few chunks.
      ...chunk(lines, 10).map((c) => section(c.join('\n'))),
      fields([
        [l === 'zh' ? '记录数' : 'Records', String(rows.length)],
        [t('total', l), formatCents(total)],
      ]),
    ],
    { submit: t('next', l), close: t('cancel', l), meta },
  );
}

const chunk = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** What the picker accepts for this kind, read from the kind's own rules (domain/rules.ts), so the two never disagree. */
export function itemsHint(kind: Kind, l: Locale): string {
  if (kind === 'order') return t('ordersHint', l);
  if (kind !== 'consumption' && kind !== 'recharge') return '';
  const types = ACCEPTED_ORDER_TYPES[kind].map((x) => pick(ORDER_TYPE_LABEL[x], l));
  return t('ordersHintQing', l, { kind: pick(KIND_LABEL[kind], l), types: types.join(l === 'zh' ? '、' : ', ') });
}

export function partyAView(l: Locale, name: string, p: Partial<PartyA>, meta: PartyAMeta, vendor: Vendor): ModalView {
  const confirm = needsPartyAConfirmation(meta, vendor)
    ? [
        input(BLOCK.partyAConfirmed, pick(PARTY_A_CONFIRM, l), {
          type: 'checkboxes',
          action_id: BLOCK.partyAConfirmed,
          options: [option(pick(PARTY_A_CONFIRM, l), 'yes')],
        }),
      ]
    : [];
  return modal(
    CB.partyA,
    t('partyATitle', l),
    [
      section(`*${t('partyAName', l)}*\n${escapeMrkdwn(name)}`),
      input(BLOCK.address, t('address', l), textInput(BLOCK.address, p.address, { max: 200 })),
      input(BLOCK.contactName, t('contactName', l), textInput(BLOCK.contactName, p.contactName, { max: 100 })),
      input(BLOCK.phone, t('phone', l), textInput(BLOCK.phone, p.phone, { max: 30 })),
      input(BLOCK.email, t('email', l), textInput(BLOCK.email, p.email, { max: 200 })),
      ...confirm,
      context(t(vendorProfile(vendor).channels.length > 1 ? 'channelWarning' : 'oneChannelWarning', l)),
    ],
    { submit: partyASubmit(l, meta, vendor), close: t('cancel', l), meta },
  );
}

const LOADING = {
  title: { zh: '合同助手', en: 'Contract desk' },
  text: { zh: '⏳ 加载中…', en: '⏳ Loading…' },
} as const;

/** Shown while a step gathers its data: in the person's language when it is known already, else in both. */
export function loadingView(l?: Locale): ModalView {
  if (!l) return modal(CB.loading, '合同助手 · Contract desk', [section('⏳ 加载中… / Loading…')], { close: '关闭 / Close' });
  return modal(CB.loading, pick(LOADING.title, l), [section(pick(LOADING.text, l))], { close: t('close', l) });
}

/** After Party A: the draft is being generated, and how long that takes here (the vendor's 3 minutes, scaled). */
export function draftUnderwayText(l: Locale, mode: PartyAMeta['mode'], number: string, channel: SealChannel, timeScale = 1, ready = false): string {
  // R15: the draft exists already; the requester converts it (立即转为正式合同) or discards it from the record.
  if (ready) return t('draftReadyNow', l, { number });
  const duration = pick(durationWords(EXPECTED_DURATION.draft[channel], timeScale), l);
  return t(mode === 'create' ? 'draftSaved' : 'partyAFilled', l, { number, duration });
}

export function doneView(l: Locale, text: string): ModalView {
  return modal(CB.done, t('doneTitle', l), [section(text)], { close: t('close', l) });
}

export function confirmTextView(l: Locale, c: ContractRow, draftUrl: string): ModalView {
  return modal(
    CB.confirmText,
    t('confirmTextTitle', l),
    [
      section(`*${c.number}* · ${pick(KIND_LABEL[c.kind], l)}`),
      section(t('confirmTextBody', l, { link: `<${draftUrl}|${t('draftLink', l)}>` })),
      context(t('channelWarning', l)),
    ],
    { submit: t('next', l), close: t('cancel', l), meta: { contractId: c.id, version: c.version } },
  );
}

export interface SigningViewOptions {
  /** The account's approval policy asks for an approver before the SMS goes out: the step says so before the submit. */
  approvalFirst?: boolean;
  /** Signers requested and waiting for the e-sign administrator (Tencent's filing and order guides: added here, authorised there). */
  pending?: readonly Pick<SignerRow, 'name' | 'phone'>[];
}

const addSigner = (l: Locale, c: ContractRow, pending: SigningViewOptions['pending'] = []): Block[] => [
  ...(pending.length ? [context(`⏳ ${t('pendingSigners', l, { names: pending.map((s) => signerWithPhone(s, l)).join(l === 'zh' ? '、' : ', ') })}`)] : []),
  actions('signing:signers', [button(t('addSigner', l), ACTION.addSigner, `${c.id}:${c.version}`)]),
];

export function signingView(l: Locale, c: ContractRow, personal: boolean, signers: SignerRow[], opts: SigningViewOptions = {}): ModalView {
  const meta = { contractId: c.id, version: c.version };
  const approval = opts.approvalFirst ? [context(`⏳ ${t('signingAfterApproval', l)}`)] : [];
  if (personal) {
    return modal(
      CB.signing,
      t('signingTitle', l),
      [
        section(`*${c.number}* · ${escapeMrkdwn(c.partyA?.name ?? '')}`),
        input(BLOCK.signPhone, t('signPhone', l), textInput(BLOCK.signPhone, c.signerPhone ?? c.partyA?.phone, { max: 30 })),
        ...approval,
      ],
      { submit: t('startSigning', l), close: t('cancel', l), meta },
    );
  }
  if (!signers.length) {
    return modal(CB.signing, t('signingTitle', l), [section(t('noSigners', l)), ...addSigner(l, c, opts.pending), ...approval], { close: t('close', l), meta });
  }
  return modal(
    CB.signing,
    t('signingTitle', l),
    [
      section(`*${c.number}* · ${escapeMrkdwn(c.partyA?.name ?? '')}`),
      input(BLOCK.signer, t('signer', l), {
        type: 'static_select',
        action_id: BLOCK.signer,
        placeholder: plain(t('chooseSigner', l)),
        options: signers.slice(0, 100).map((s) => option(`${s.name} · ${maskPhone(s.phone)}`, s.id)),
        ...(c.signerId && signers.some((s) => s.id === c.signerId)
          ? {
              initial_option: option(
                `${signers.find((s) => s.id === c.signerId)!.name} · ${maskPhone(signers.find((s) => s.id === c.signerId)!.phone)}`,
                c.signerId,
              ),
            }
          : {}),
      }),
      context(t('signerAuthWhy', l)),
      ...addSigner(l, c, opts.pending),
      ...approval,
    ],
    { submit: t('startSigning', l), close: t('cancel', l), meta },
  );
}

export function paperView(l: Locale, c: ContractRow): ModalView {
  const p = c.partyA;
  return modal(
    CB.paper,
    t('paperTitle', l),
    [
      section(`*${c.number}*`),
      input(BLOCK.recipient, t('recipient', l), textInput(BLOCK.recipient, p?.contactName, { max: 100 })),
      input(BLOCK.phone, t('phone', l), textInput(BLOCK.phone, p?.phone, { max: 30 })),
      input(BLOCK.returnAddress, t('returnAddress', l), textInput(BLOCK.returnAddress, p?.address, { max: 200 })),
      context(t('paperWarning', l)),
    ],
    { submit: t('yes', l), close: t('cancel', l), meta: { contractId: c.id, version: c.version } },
  );
}

// The mailing info lives with the rest of the paper copy's views.
export { mailingView } from './paper.js';

export const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);
/** 王芳（139****0000） or Wang Fang (139****0000): each language's own brackets. */
const signerWithPhone = (s: { name: string; phone: string }, l: Locale) =>
  l === 'zh' ? `${escapeMrkdwn(s.name)}（${maskPhone(s.phone)}）` : `${escapeMrkdwn(s.name)} (${maskPhone(s.phone)})`;
