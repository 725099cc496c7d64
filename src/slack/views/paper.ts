// The paper copy as the requester follows it (Tencent's paper guide, 线下盖章申请): what to do, where to mail it, what comes back,
// what has happened, and the one next fact to record (mailed, then received by the vendor).
import type { ModalView } from '@slack/types';
import { vendorFaq } from '../../domain/faq.js';
import { FIELD_LABEL } from '../../domain/inputs.js';
import { localDay } from '../../domain/local-time.js';
import { enclosureLabel, PAPER_FAQ, PAPER_STEPS } from '../../domain/paper.js';
import { DEFAULT_VENDOR, type Vendor } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick } from '../i18n.js';
import { FAQ_CB, PAPER_BLOCK, PAPER_CB } from '../ids.js';
import { type Block, context, divider, header, input, md, modal, section, textInput } from './blocks.js';

export interface MailingFacts {
  recipient: string;
  phone: string;
  address: string;
  enclosures: string[];
  trackingNumber: string | null;
  mailedAt?: Date | null;
  outboundTracking?: string | null;
  receivedAt?: Date | null;
  shipDueAt?: Date | null;
  shippedAt?: Date | null;
  timeZone?: string;
}

export interface MailingContext {
  contractId?: string;
  version?: number;
  /** R14: where the account mails paper copies (set-up and settings ask for it); unset, the requester is sent to an admin. */
  vendorAddress?: string | null;
}

const L = {
  title: { zh: '邮寄信息', en: 'Mailing info' },
  steps: { zh: '线下盖章步骤', en: 'Paper copy: the steps' },
  vendorAddress: { zh: '邮寄至（供应商地址）', en: "Mail to (the vendor's address)" },
  returnTo: { zh: '回寄地址（不可修改）', en: 'Return address (cannot change)' },
  enclosures: { zh: '随合同回寄的资料（常见问题 Q5）', en: 'Mailed back with the contract (FAQ Q5)' },
  mailed: { zh: '已寄出', en: 'Mailed' },
  notMailed: { zh: '尚未寄出：打印、盖章后寄出，再在此记录', en: 'Not mailed yet: print, stamp and mail it, then record it here' },
  received: { zh: '供应商已签收', en: 'Received by the vendor' },
  notReceived: { zh: '等待供应商签收', en: 'Waiting for the vendor to receive it' },
  due: {
    zh: '预计回寄日期（签收后 15 个工作日，按中国大陆节假日及调休计算）',
    en: 'Due back by (15 working days after receipt, mainland-China holidays and make-up days)',
  },
  dueUnknown: { zh: '供应商签收后开始计算 15 个工作日', en: 'The 15 working days start when the vendor receives it' },
  shipped: { zh: '供应商已回寄，运单号', en: 'Shipped back by the vendor, tracking number' },
  // Slack's client marks an optional field itself, in the person's language: the label does not say it again.
  trackingInput: FIELD_LABEL.trackingNumber,
  markMailed: { zh: '我已寄出', en: "I've mailed it" },
  markReceived: { zh: '供应商已签收', en: 'Vendor received it' },
  close: { zh: '关闭', en: 'Close' },
  faq: { zh: '常见问题', en: 'FAQ' },
  noVendorAddress: {
    zh: '管理员还没有填写邮寄地址：请联系管理员在 /contract settings 中填写后再寄出。',
    en: 'An admin has not given the address yet: ask an admin to add it in /contract settings before you mail it.',
  },
} as const;

/** 2026-12-07（周一） / Mon, 2026-12-07: the date where the account is, with the weekday in the reader's language. */
function day(at: Date, l: Locale, timeZone = 'Asia/Shanghai'): string {
  const date = localDay(at, timeZone);
  const weekday = new Intl.DateTimeFormat(l === 'zh' ? 'zh-CN' : 'en-US', { timeZone, weekday: 'short' }).format(at);
  return l === 'zh' ? `${date}（${weekday}）` : `${weekday}, ${date}`;
}

/** "View mailing info": the steps, both addresses, the enclosures, the facts so far, and the next fact to record. */
export function mailingView(l: Locale, number: string, m: MailingFacts, cx: MailingContext = {}): ModalView {
  const tz = m.timeZone;
  const facts = [
    m.mailedAt
      ? `✅ *${pick(L.mailed, l)}* ${day(m.mailedAt, l, tz)}${m.outboundTracking ? ` · ${escapeMrkdwn(m.outboundTracking)}` : ''}`
      : `⬜ ${pick(L.notMailed, l)}`,
    m.receivedAt ? `✅ *${pick(L.received, l)}* ${day(m.receivedAt, l, tz)}` : `⬜ ${pick(L.notReceived, l)}`,
    m.shipDueAt ? `📅 *${pick(L.due, l)}*: ${day(m.shipDueAt, l, tz)}` : `📅 ${pick(L.dueUnknown, l)}`,
  ];
  if (m.trackingNumber) facts.push(`📦 *${pick(L.shipped, l)}*: ${escapeMrkdwn(m.trackingNumber)}`);
  const blocks: Block[] = [
    section(`*${number}*`),
    section(`*${pick(L.steps, l)}*\n${PAPER_STEPS.map((s, i) => `${i + 1}. ${pick(s, l)}`).join('\n')}`),
    {
      type: 'section',
      fields: [
        md(`*${pick(L.vendorAddress, l)}*\n${cx.vendorAddress ? escapeMrkdwn(cx.vendorAddress) : `⚠️ ${pick(L.noVendorAddress, l)}`}`),
        md(`*${pick(L.returnTo, l)}*\n${escapeMrkdwn(m.recipient)} · ${escapeMrkdwn(m.phone)}\n${escapeMrkdwn(m.address)}`),
      ],
    },
  ];
  if (m.enclosures.length) blocks.push(section(`*${pick(L.enclosures, l)}*\n${m.enclosures.map((e) => `• ${pick(enclosureLabel(e), l)}`).join('\n')}`));
  blocks.push(divider(), section(facts.join('\n')));
  const canRecord = cx.contractId && cx.version !== undefined && !m.trackingNumber;
  const next = !canRecord ? null : !m.mailedAt ? 'mailed' : !m.receivedAt ? 'received' : null;
  if (next === 'mailed')
    blocks.push(input(PAPER_BLOCK.tracking, pick(L.trackingInput, l), textInput(PAPER_BLOCK.tracking, null, { max: 40 }), { optional: true }));
  blocks.push(context(`${pick(L.faq, l)}: ${pick(PAPER_FAQ[1]!.a, l)}`));
  const meta = next ? { contractId: cx.contractId, version: cx.version, next } : undefined;
  return modal(next ? PAPER_CB.fact : PAPER_CB.mailing, pick(L.title, l), blocks, {
    ...(next ? { submit: pick(next === 'mailed' ? L.markMailed : L.markReceived, l) } : {}),
    close: pick(L.close, l),
    ...(meta ? { meta } : {}),
  });
}

/** The vendor's own FAQ (Tencent's paper guide's Q1–Q5; QingCloud's guide's explanations), from help and Home. */
export function faqView(l: Locale, vendor: Vendor = DEFAULT_VENDOR): ModalView {
  const faq = vendorFaq(vendor);
  return modal(
    FAQ_CB,
    l === 'zh' ? '常见问题' : 'FAQ',
    [header(pick(faq.title, l)), ...faq.items.map((f, i) => section(`*Q${i + 1}: ${pick(f.q, l)}*\n${pick(f.a, l)}`))],
    { close: pick(L.close, l) },
  );
}
