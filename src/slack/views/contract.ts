// How a contract reads in Slack: summary, thread root and replies, App Home, approval and signing messages.
import type { ActionsBlock, HomeView } from '@slack/types';
import type { ContractRow } from '../../db/schema.js';
import { ACTION_LABEL, CHANNEL_LABEL, formatCents, KIND_LABEL, stateLabel } from '../../domain/labels.js';
import { type Action, listActions } from '../../domain/lifecycle.js';
import type { State } from '../../domain/types.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { actions, type Block, button, context, contractRef, divider, fields, header, section } from './blocks.js';

export interface ContractView {
  contract: ContractRow;
  items: { itemRef: string; amountCents: number | null }[];
}

/** The wizard step a draft of the dual channel waits on, as a button on the Home tab and in the thread. */
export function nextStep(c: ContractRow): { action: 'fillPartyA' | 'confirmText' | 'confirmSigningInfo'; label: Action } | null {
  if (c.sealChannel !== 'dual_seal' || c.status !== 'draft') return null;
  if (c.subStatus === 'filling_info') return { action: 'fillPartyA', label: 'fillPartyA' };
  if (c.subStatus === 'confirming_text') return { action: 'confirmText', label: 'confirmText' };
  if (c.subStatus === 'confirming_signing') return { action: 'confirmSigningInfo', label: 'confirmSigningInfo' };
  return null;
}

const STYLE: Partial<Record<Action, 'primary' | 'danger'>> = { convert: 'primary', requestPaper: 'primary', void: 'danger', delete: 'danger', cancelSigning: 'danger' };
const CONFIRM: Partial<Record<Action, 'confirmVoid' | 'confirmDelete' | 'confirmCancel' | 'confirmConvert'>> = {
  void: 'confirmVoid',
  delete: 'confirmDelete',
  cancelSigning: 'confirmCancel',
  convert: 'confirmConvert',
};

/** Exactly the buttons the status table allows in this state, plus the next wizard step. */
export function contractButtons(c: ContractRow, l: Locale): ActionsBlock | null {
  const ref = contractRef(c);
  const els = [];
  const step = nextStep(c);
  if (step) els.push(button(`${t('continue', l)}: ${pick(ACTION_LABEL[step.label], l)}`, `step:${step.action}`, ref, { style: 'primary' }));
  for (const a of listActions(c.sealChannel, c)) {
    const confirmKey = CONFIRM[a];
    els.push(
      button(pick(ACTION_LABEL[a], l), `act:${a}`, ref, {
        ...(STYLE[a] ? { style: STYLE[a] } : {}),
        ...(confirmKey ? { confirm: { title: pick(ACTION_LABEL[a], l), text: t(confirmKey, l), confirm: t('yes', l), deny: t('cancel', l) } } : {}),
      }),
    );
  }
  return els.length ? actions(`c:${c.id}`, els) : null;
}

export function summaryFields(c: ContractRow, l: Locale): Block {
  return fields([
    [t('kind', l), `${pick(KIND_LABEL[c.kind], l)} · ${pick(CHANNEL_LABEL[c.sealChannel], l)}`],
    [t('status', l), pick(stateLabel(c), l)],
    [t('partyA', l), escapeMrkdwn(c.partyA?.name ?? '—')],
    [t('total', l), formatCents(c.totalCents)],
    [t('requester', l), `<@${c.requesterId}>`],
  ]);
}

/** /contract show and the thread root: what the contract is and where it stands. */
export function contractSummary(v: ContractView, l: Locale, opts: { withButtons?: boolean } = {}): Block[] {
  const c = v.contract;
  const blocks: Block[] = [header(`${c.number} · ${pick(KIND_LABEL[c.kind], l)}`), summaryFields(c, l)];
  if (v.items.length) {
    const list = v.items.slice(0, 30).map((i) => `• ${escapeMrkdwn(i.itemRef)}${i.amountCents !== null ? `  ${formatCents(i.amountCents)}` : ''}`);
    blocks.push(section(`*${t('items', l)}* (${v.items.length})\n${list.join('\n')}`));
  }
  if (c.rejectionReason) blocks.push(context(`❌ ${escapeMrkdwn(c.rejectionReason)}`));
  if (opts.withButtons) {
    const b = contractButtons(c, l);
    if (b) blocks.push(b);
  }
  return blocks;
}

export function threadRootText(c: ContractRow, l: Locale): string {
  return `${c.number} · ${pick(KIND_LABEL[c.kind], l)} · ${pick(stateLabel(c), l)}`;
}

export function transitionText(e: { number: string; action: string; actor: string; from: State | null; to: State; detail?: Record<string, unknown> }, l: Locale): string {
  const action = ACTION_LABEL[e.action as Action];
  const what = action ? pick(action, l) : e.action === 'create' ? (l === 'zh' ? '创建' : 'created') : e.action;
  const who = e.actor.startsWith('system:') ? (l === 'zh' ? '系统' : 'system') : `<@${e.actor}>`;
  const arrow = e.from ? `${pick(stateLabel(e.from), l)} → ${pick(stateLabel(e.to), l)}` : pick(stateLabel(e.to), l);
  const reason = typeof e.detail?.reason === 'string' ? `\n> ${escapeMrkdwn(e.detail.reason)}` : '';
  return `*${what}* · ${who} · ${arrow}${reason}`;
}

export function approvalMessage(c: ContractRow, l: Locale, decided?: { approved: boolean; by: string; reason?: string | null }): Block[] {
  const blocks: Block[] = [
    section(t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: pick(KIND_LABEL[c.kind], l), number: c.number })),
    summaryFields(c, l),
  ];
  if (decided) {
    blocks.push(context(decided.approved ? t('approvedBy', l, { who: `<@${decided.by}>` }) : t('rejectedBy', l, { who: `<@${decided.by}>`, reason: escapeMrkdwn(decided.reason ?? '') })));
  } else {
    const ref = contractRef(c);
    blocks.push(actions(`approval:${c.id}`, [button(t('approve', l), 'approval:approve', ref, { style: 'primary' }), button(t('reject', l), 'approval:reject', ref, { style: 'danger' })]));
  }
  return blocks;
}

export function signRequestMessage(c: ContractRow, l: Locale, signed = false): Block[] {
  const blocks: Block[] = [
    section(t('signRequest', l, { number: c.number, kind: pick(KIND_LABEL[c.kind], l), partyA: escapeMrkdwn(c.partyA?.name ?? ''), total: formatCents(c.totalCents) })),
  ];
  blocks.push(signed ? context(t('signed', l)) : actions(`sign:${c.id}`, [button(t('sign', l), 'esign:sign', contractRef(c), { style: 'primary' })]));
  return blocks;
}

const GROUPS: { status: ContractRow['status']; title: { zh: string; en: string } }[] = [
  { status: 'draft', title: { zh: '📝 草稿', en: '📝 Drafts' } },
  { status: 'signing', title: { zh: '✍️ 签署中', en: '✍️ Signing' } },
  { status: 'effective', title: { zh: '✅ 已生效', en: '✅ Effective' } },
  { status: 'voided', title: { zh: '🗑 已作废', en: '🗑 Voided' } },
];
const HOME_MAX_CONTRACTS = 30;

export function homeView(contracts: ContractRow[], l: Locale): HomeView {
  const blocks: Block[] = [
    header(t('homeTitle', l)),
    actions('home:top', [button(t('newTitle', l), 'home:new', 'new', { style: 'primary' })]),
  ];
  if (!contracts.length) blocks.push(section(t('homeEmpty', l)));
  let shown = 0;
  for (const g of GROUPS) {
    const mine = contracts.filter((c) => c.status === g.status);
    if (!mine.length || shown >= HOME_MAX_CONTRACTS) continue;
    blocks.push(divider(), section(`*${g.title[l]}* (${mine.length})`));
    for (const c of mine) {
      if (shown >= HOME_MAX_CONTRACTS) break;
      shown += 1;
      const stuck = c.staleSince ? `\n${t('staleBadge', l)}: ${escapeMrkdwn(c.staleReason ?? '')}` : '';
      blocks.push(section(`*${c.number}* · ${pick(KIND_LABEL[c.kind], l)} · ${pick(CHANNEL_LABEL[c.sealChannel], l)}\n${pick(stateLabel(c), l)} · ${formatCents(c.totalCents)}${c.rejectionReason ? `\n❌ ${escapeMrkdwn(c.rejectionReason)}` : ''}${stuck}`));
      const b = contractButtons(c, l);
      if (b) blocks.push(b);
    }
  }
  if (contracts.length > shown) blocks.push(context(t('more', l, { n: contracts.length - shown })));
  return { type: 'home', blocks };
}
