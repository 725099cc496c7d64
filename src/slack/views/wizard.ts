// The modal wizard (SPEC R9 / R10): one pure function per step.
import type { ContractRow, SignerRow } from '../../db/schema.js';
import { CHANNEL_LABEL, KIND_LABEL } from '../../domain/labels.js';
import { MAX_FILINGS, MAX_ORDERS } from '../../domain/rules.js';
import { KINDS, type PartyA } from '../../domain/types.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import type { ModalView } from '@slack/types';
import type { ItemsMeta, PartyAMeta } from '../payloads.js';
import { context, input, md, modal, option, plain, section, textInput } from './blocks.js';

export const CB = {
  start: 'wizard:start',
  items: 'wizard:items',
  partyA: 'wizard:party_a',
  confirmText: 'wizard:confirm_text',
  signing: 'wizard:signing',
  done: 'wizard:done',
  loading: 'wizard:loading',
  reject: 'approval:reject_reason',
  paper: 'paper:request',
  mailing: 'paper:mailing',
  profile: 'party:profile',
  signerRequest: 'signers:request',
  settings: 'settings:save',
} as const;

/** Input blocks are named after what they hold, so inline errors land on the right field. */
export const BLOCK = {
  kind: 'kind',
  channel: 'channel',
  items: 'items',
  address: 'address',
  contactName: 'contact_name',
  phone: 'phone',
  email: 'email',
  signer: 'signer',
  signPhone: 'sign_phone',
  reason: 'reason',
  recipient: 'recipient',
  returnAddress: 'return_address',
  signerName: 'signer_name',
  signerUser: 'signer_user',
} as const;

export function startView(l: Locale): ModalView {
  return modal(CB.start, t('newTitle', l), [
    input(BLOCK.kind, t('kind', l), {
      type: 'static_select',
      action_id: BLOCK.kind,
      options: KINDS.map((k) => option(pick(KIND_LABEL[k], l), k)),
    }),
    input(BLOCK.channel, t('channel', l), {
      type: 'radio_buttons',
      action_id: BLOCK.channel,
      options: [
        option(pick(CHANNEL_LABEL.vendor_seal, l), 'vendor_seal', t('vendorHint', l)),
        option(pick(CHANNEL_LABEL.dual_seal, l), 'dual_seal', t('dualHint', l)),
      ],
    }),
    context(`${t('dualActivation', l)}\n${t('channelWarning', l)}`),
  ], { submit: t('next', l), close: t('cancel', l) });
}

// The metadata each step writes is what payloads.ts parses back: one schema, its types used here.
export type { ItemsMeta, PartyAMeta } from '../payloads.js';

export function itemsView(l: Locale, meta: ItemsMeta): ModalView {
  const filing = meta.kind === 'filing';
  const max = filing ? MAX_FILINGS : MAX_ORDERS;
  return modal(CB.items, t(filing ? 'filingsTitle' : 'ordersTitle', l), [
    section(`*${pick(KIND_LABEL[meta.kind], l)}* · ${pick(CHANNEL_LABEL[meta.channel], l)}`),
    input(BLOCK.items, t(filing ? 'filingsLabel' : 'ordersLabel', l), {
      type: 'multi_external_select',
      action_id: BLOCK.items,
      min_query_length: 0,
      max_selected_items: max,
      placeholder: plain(filing ? '京ICP备…' : '2024…'),
    }, filing ? {} : { hint: t('ordersHint', l) }),
  ], { submit: t('next', l), close: t('cancel', l), meta });
}


export function partyAView(l: Locale, name: string, p: Partial<PartyA>, meta: PartyAMeta): ModalView {
  return modal(CB.partyA, t('partyATitle', l), [
    section(`*${t('partyAName', l)}*\n${escapeMrkdwn(name)}`),
    input(BLOCK.address, t('address', l), textInput(BLOCK.address, p.address, { max: 200 })),
    input(BLOCK.contactName, t('contactName', l), textInput(BLOCK.contactName, p.contactName, { max: 100 })),
    input(BLOCK.phone, t('phone', l), textInput(BLOCK.phone, p.phone, { max: 30 })),
    input(BLOCK.email, t('email', l), textInput(BLOCK.email, p.email, { max: 200 })),
    context(t('channelWarning', l)),
  ], { submit: meta.mode === 'create' ? t('saveDraft', l) : t('next', l), close: t('cancel', l), meta });
}

/** Shown while a step gathers its data; bilingual because the user's language may not be known yet. */
export function loadingView(): ModalView {
  return modal(CB.loading, '合同助手 · Contract desk', [section('⏳ 加载中… / Loading…')], { close: '关闭 / Close' });
}

export function doneView(l: Locale, text: string): ModalView {
  return modal(CB.done, t('doneTitle', l), [section(text)], { close: t('close', l) });
}

export function confirmTextView(l: Locale, c: ContractRow, draftUrl: string): ModalView {
  return modal(CB.confirmText, t('confirmTextTitle', l), [
    section(`*${c.number}* · ${pick(KIND_LABEL[c.kind], l)}`),
    section(t('confirmTextBody', l, { link: `<${draftUrl}|${t('draftLink', l)}>` })),
    context(t('channelWarning', l)),
  ], { submit: t('next', l), close: t('cancel', l), meta: { contractId: c.id, version: c.version } });
}

export function signingView(l: Locale, c: ContractRow, personal: boolean, signers: SignerRow[]): ModalView {
  const meta = { contractId: c.id, version: c.version };
  if (personal) {
    return modal(CB.signing, t('signingTitle', l), [
      section(`*${c.number}* · ${escapeMrkdwn(c.partyA?.name ?? '')}`),
      input(BLOCK.signPhone, t('signPhone', l), textInput(BLOCK.signPhone, c.signerPhone ?? c.partyA?.phone, { max: 30 })),
    ], { submit: t('startSigning', l), close: t('cancel', l), meta });
  }
  if (!signers.length) return modal(CB.signing, t('signingTitle', l), [section(t('noSigners', l))], { close: t('close', l) });
  return modal(CB.signing, t('signingTitle', l), [
    section(`*${c.number}* · ${escapeMrkdwn(c.partyA?.name ?? '')}`),
    input(BLOCK.signer, t('signer', l), {
      type: 'static_select',
      action_id: BLOCK.signer,
      options: signers.slice(0, 100).map((s) => option(`${s.name} · ${maskPhone(s.phone)}`, s.id)),
      ...(c.signerId && signers.some((s) => s.id === c.signerId)
        ? { initial_option: option(`${signers.find((s) => s.id === c.signerId)!.name} · ${maskPhone(signers.find((s) => s.id === c.signerId)!.phone)}`, c.signerId) }
        : {}),
    }),
    context(`⚙️ ${t('requestSigner', l)}: /contract signers`),
  ], { submit: t('startSigning', l), close: t('cancel', l), meta });
}

export function rejectView(l: Locale, c: ContractRow, message: { channel: string; ts: string } | null): ModalView {
  return modal(CB.reject, t('rejectTitle', l), [
    section(`*${c.number}* · ${pick(KIND_LABEL[c.kind], l)}`),
    input(BLOCK.reason, t('rejectLabel', l), textInput(BLOCK.reason, null, { multiline: true, max: 1000 })),
  ], { submit: t('reject', l), close: t('cancel', l), meta: { contractId: c.id, version: c.version, ...(message ?? {}) } });
}

export function paperView(l: Locale, c: ContractRow): ModalView {
  const p = c.partyA;
  return modal(CB.paper, t('paperTitle', l), [
    section(`*${c.number}*`),
    input(BLOCK.recipient, t('recipient', l), textInput(BLOCK.recipient, p?.contactName, { max: 100 })),
    input(BLOCK.phone, t('phone', l), textInput(BLOCK.phone, p?.phone, { max: 30 })),
    input(BLOCK.returnAddress, t('returnAddress', l), textInput(BLOCK.returnAddress, p?.address, { max: 200 })),
    context(t('paperWarning', l)),
  ], { submit: t('yes', l), close: t('cancel', l), meta: { contractId: c.id, version: c.version } });
}

export function mailingView(l: Locale, number: string, m: { recipient: string; phone: string; address: string; trackingNumber: string | null; enclosures: string[] }): ModalView {
  return modal(CB.mailing, t('mailingTitle', l), [
    section(`*${number}*`),
    { type: 'section', fields: [
      md(`*${t('recipient', l)}*\n${escapeMrkdwn(m.recipient)}`),
      md(`*${t('phone', l)}*\n${escapeMrkdwn(m.phone)}`),
      md(`*${t('returnAddress', l)}*\n${escapeMrkdwn(m.address)}`),
      md(`*${t('tracking', l)}*\n${m.trackingNumber ? escapeMrkdwn(m.trackingNumber) : t('notShippedYet', l)}`),
    ] },
  ], { close: t('close', l) });
}

export const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);
