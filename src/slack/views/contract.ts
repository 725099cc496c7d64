// How a contract reads in Slack: summary, thread root and replies, App Home, approval and signing messages.
import type { ActionsBlock, HomeView } from '@slack/types';
import type { ContractRow } from '../../db/schema.js';
import { actionWords, actorWords, moveWords } from '../../domain/audit.js';
import { downloadable } from '../../domain/documents.js';
import {
  aboutLine,
  aboutWords,
  actionLabel,
  buttonLabel,
  channelLabel,
  durationWords,
  EXPECTED_DURATION,
  formatCents,
  HELD_ITEMS,
  KIND_LABEL,
  kindLabel,
  stateLabel,
} from '../../domain/labels.js';
import { type Action, listActions } from '../../domain/lifecycle.js';
import { type ApprovalPolicy, needsApproval } from '../../domain/rules.js';
import { staleWords } from '../../domain/stale.js';
import type { State } from '../../domain/types.js';
import { DEFAULT_VENDOR, type Vendor, vendorOffers, vendorProfile } from '../../domain/vendors.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { ACTION } from '../ids.js';
import { actions, type Block, button, context, contractRef, divider, fields, header, section, sections } from './blocks.js';
import { IMPORT_BUTTON } from './import.js';

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

const STYLE: Partial<Record<Action, 'primary' | 'danger'>> = {
  convert: 'primary',
  requestPaper: 'primary',
  void: 'danger',
  delete: 'danger',
  cancelSigning: 'danger',
};
const CONFIRM: Partial<Record<Action, 'confirmVoid' | 'confirmDelete' | 'confirmCancel' | 'confirmConvert'>> = {
  void: 'confirmVoid',
  delete: 'confirmDelete',
  cancelSigning: 'confirmCancel',
  convert: 'confirmConvert',
};

/** The account's whole record (QingCloud's guide's 合同申请记录) and Tencent's paper guide's FAQ, from Home and /contract help. */
export const RECORD_LABEL = { zh: '合同申请记录', en: 'Contract record' } as const;
export const FAQ_LABEL = { zh: '常见问题', en: 'FAQ' } as const;

/** R16: on every contract with a document; the click mints a fresh signed link (a url here would expire with the view). */
export const DOWNLOAD_LABEL = { zh: '下载', en: 'Download' } as const;
export const downloadButton = (c: ContractRow, l: Locale) => button(pick(DOWNLOAD_LABEL, l), ACTION.download, contractRef(c));

/** What a view needs of the account to say what a click will do: whether an approval comes first. */
export interface ButtonContext {
  policy?: ApprovalPolicy;
  /** Who looks at it, where that may be someone else than the requester (the record): only what they may do is offered. */
  viewer?: Viewer;
}

/** A person looking at a contract: its requester and the account's admins act on it (services/access.ts), others download. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
}
export const mayAct = (c: Pick<ContractRow, 'requesterId'>, v: Viewer | undefined): boolean => !v || v.isAdmin || v.userId === c.requesterId;

/** The confirm dialog says what the click will really do: where the policy asks for an approver, it asks first. */
function confirmText(a: Action, c: ContractRow, l: Locale, cx: ButtonContext): string | null {
  const key = CONFIRM[a];
  if (!key) return null;
  if (a === 'convert' && cx.policy && needsApproval(cx.policy, c)) return t('confirmConvertApproval', l, { action: pick(buttonLabel(a, c.vendor), l) });
  const held = HELD_ITEMS[c.kind];
  const items: Record<string, string> = held ? { items: pick(held, l) } : {};
  if (a === 'void' && !vendorOffers(c.vendor, 'delete')) return t(held ? 'confirmDiscardHeld' : 'confirmDiscardNothing', l, items);
  if (a === 'void') return t(held ? 'confirmVoidHeld' : 'confirmVoidNothing', l, items);
  if (a === 'delete') return t(held ? 'confirmDeleteHeld' : 'confirmDeleteNothing', l, items);
  if (a === 'convert' && vendorProfile(c.vendor).immediate) return t('confirmConvertNow', l);
  return t(key, l);
}

/** One action of the status table as a button, with the confirm dialog that says what it will do. */
export function actionButton(a: Action, c: ContractRow, l: Locale, cx: ButtonContext = {}) {
  const text = confirmText(a, c, l, cx);
  return button(pick(buttonLabel(a, c.vendor), l), `act:${a}`, contractRef(c), {
    ...(STYLE[a] ? { style: STYLE[a] } : {}),
    ...(text ? { confirm: { title: pick(buttonLabel(a, c.vendor), l), text, confirm: t('yes', l), deny: t('cancel', l) } } : {}),
  });
}

/** Exactly the buttons the status table allows in this state, plus the next wizard step and Download. */
export function contractButtons(c: ContractRow, l: Locale, opts: { downloadOnly?: boolean } & ButtonContext = {}): ActionsBlock | null {
  const ref = contractRef(c);
  const els = [];
  if (opts.downloadOnly || !mayAct(c, opts.viewer)) return downloadable(c) ? actions(`c:${c.id}`, [downloadButton(c, l)]) : null;
  const step = nextStep(c);
  if (step) els.push(button(`${t('continue', l)}: ${pick(actionLabel(step.label, c.vendor), l)}`, `step:${step.action}`, ref, { style: 'primary' }));
  for (const a of listActions(c.sealChannel, c).filter((x) => vendorOffers(c.vendor, x))) {
    els.push(actionButton(a, c, l, opts));
  }
  if (downloadable(c)) els.push(downloadButton(c, l));
  return els.length ? actions(`c:${c.id}`, els) : null;
}

/** A Slack user by the name people know them by; Slack renders a mention as the name when we have none. */
const person = (id: string, names?: ReadonlyMap<string, string>) => (names?.get(id) ? escapeMrkdwn(names.get(id)!) : `<@${id}>`);

/** `items`: the contract's item references, so a filing contract shows its numbers rather than ¥0.00. */
export function summaryFields(c: ContractRow, l: Locale, names?: ReadonlyMap<string, string>, items?: readonly string[]): Block {
  const about = aboutWords(c, items);
  return fields([
    [t('kind', l), `${pick(kindLabel(c.kind, c.vendor), l)} · ${pick(channelLabel(c.sealChannel, c.vendor), l)}`],
    [t('status', l), pick(stateLabel(c, c.vendor), l)],
    [t('partyA', l), escapeMrkdwn(c.partyA?.name ?? '—')],
    [pick(about.label, l), escapeMrkdwn(pick(about.value, l))],
    [t('requester', l), person(c.requesterId, names)],
  ]);
}

/** A contract's one-line "what about": its total, its filing numbers, or (a framework) its agreement's title. */
export const aboutText = (c: ContractRow, l: Locale, items?: readonly string[]) => escapeMrkdwn(pick(aboutLine(c, items), l));

/** /contract show and the thread root: what the contract is and where it stands. */
export function contractSummary(
  v: ContractView,
  l: Locale,
  opts: { withButtons?: boolean; names?: ReadonlyMap<string, string>; download?: boolean } & ButtonContext = {},
): Block[] {
  const c = v.contract;
  const refs = v.items.map((i) => i.itemRef);
  const blocks: Block[] = [header(`${c.number} · ${pick(KIND_LABEL[c.kind], l)}`), summaryFields(c, l, opts.names, refs)];
  if (v.items.length) blocks.push(...itemsSection(v.items, l));
  if (c.rejectionReason) blocks.push(context(`❌ ${escapeMrkdwn(c.rejectionReason)}`));
  // People who may not act on it still download it (R16).
  const b = contractButtons(c, l, { downloadOnly: !opts.withButtons, ...(opts.policy ? { policy: opts.policy } : {}) });
  if (b && (opts.withButtons || opts.download)) blocks.push(b);
  return blocks;
}

export function threadRootText(c: ContractRow, l: Locale): string {
  return `${c.number} · ${pick(KIND_LABEL[c.kind], l)} · ${pick(stateLabel(c, c.vendor), l)}`;
}

/** A status change in the thread, in the words of the audit trail (domain/audit.ts): action, person, the move. */
export function transitionText(
  e: { number: string; action: string; actor: string; from: State | null; to: State; vendor?: Vendor; detail?: Record<string, unknown> },
  l: Locale,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const reason = typeof e.detail?.reason === 'string' ? `\n> ${escapeMrkdwn(e.detail.reason)}` : '';
  const vendor = e.vendor ?? DEFAULT_VENDOR; // outbox rows written before there were two vendors carry none: Tencent's
  return `*${actionWords(e.action, l, vendor)}* · ${escapeMrkdwn(actorWords(e.actor, names, l))} · ${moveWords(e.from, e.to, l, vendor)}${reason}`;
}

/** The items, one line each, in as few sections as fit: a QingCloud contract's 50 records are listed whole, not cut. */
export function itemsSection(items: ContractView['items'], l: Locale): Block[] {
  const list = items.map((i) => `• ${escapeMrkdwn(i.itemRef)}${i.amountCents !== null ? `  ${formatCents(i.amountCents)}` : ''}`);
  return sections(`*${t('items', l)}* (${items.length})`, list);
}

/** What an approver decides on: the items and the draft, besides the summary. */
export interface ApprovalContext {
  items: ContractView['items'];
  draftUrl: string | null;
}

export function approvalMessage(
  c: ContractRow,
  l: Locale,
  decided?: { approved: boolean; by: string; reason?: string | null },
  what?: ApprovalContext,
): Block[] {
  const blocks: Block[] = [
    section(t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: pick(KIND_LABEL[c.kind], l), number: c.number })),
    summaryFields(
      c,
      l,
      undefined,
      what?.items.map((i) => i.itemRef),
    ),
  ];
  if (what?.items.length) blocks.push(...itemsSection(what.items, l));
  if (what?.draftUrl) blocks.push(section(`📄 <${what.draftUrl}|${t('draftLink', l)}>`));
  if (decided) {
    blocks.push(
      context(
        decided.approved
          ? t('approvedBy', l, { who: `<@${decided.by}>` })
          : t('rejectedBy', l, { who: `<@${decided.by}>`, reason: escapeMrkdwn(decided.reason ?? '') }),
      ),
    );
  } else {
    const ref = contractRef(c);
    blocks.push(
      actions(`approval:${c.id}`, [
        button(t('approve', l), ACTION.approve, ref, { style: 'primary' }),
        button(t('reject', l), ACTION.reject, ref, { style: 'danger' }),
      ]),
    );
  }
  return blocks;
}

export function signRequestMessage(c: ContractRow, l: Locale, signed = false, timeScale = 1, draftUrl: string | null = null): Block[] {
  const blocks: Block[] = [section(signRequestWords(c, l))];
  if (draftUrl) blocks.push(section(`📄 ${t('readBeforeSigning', l)} <${draftUrl}|${t('draftLink', l)}>`));
  blocks.push(signed ? context(signedText(l, timeScale)) : actions(`sign:${c.id}`, [button(t('sign', l), ACTION.sign, contractRef(c), { style: 'primary' })]));
  return blocks;
}

/**
 * What the signer is asked to sign: the kind, Party A and what it is about (the total; a framework's agreement); a
 * filing contract's numbers are on the draft it links to, so no ¥0.00 stands in for them.
 */
export function signRequestWords(c: ContractRow, l: Locale): string {
  const parts = [pick(KIND_LABEL[c.kind], l), `${t('partyA', l)} ${escapeMrkdwn(c.partyA?.name ?? '')}`];
  if (c.kind !== 'filing') parts.push(c.kind === 'framework' ? aboutText(c, l) : `${t('total', l)} ${aboutText(c, l)}`);
  return t('signRequestFor', l, { number: c.number, what: parts.join(l === 'zh' ? '，' : ', ') });
}

/** The signer's copy once signed: what comes next and how long it takes (the dual channel's vendor seal). */
export const signedText = (l: Locale, timeScale = 1) => t('signed', l, { duration: pick(durationWords(EXPECTED_DURATION.vendorSeal.dual_seal, timeScale), l) });

const GROUPS: { status: ContractRow['status']; title: (v: Vendor) => { zh: string; en: string } }[] = [
  { status: 'draft', title: () => ({ zh: '📝 草稿', en: '📝 Drafts' }) },
  { status: 'signing', title: () => ({ zh: '✍️ 签署中', en: '✍️ Signing' }) },
  { status: 'effective', title: () => ({ zh: '✅ 已生效', en: '✅ Effective' }) },
  // 已作废 at Tencent Cloud, 已废弃 at QingCloud (QingCloud's guide).
  { status: 'voided', title: (v) => ({ zh: `🗑 ${vendorProfile(v).voidedStatus.zh}`, en: `🗑 ${vendorProfile(v).voidedStatus.en}` }) },
];
const HOME_MAX_CONTRACTS = 30;
/** Approvals on Home: three blocks each, so that with 30 contracts (two each) a Home stays under Slack's 100 blocks. */
const HOME_MAX_APPROVALS = 10;

/** What a Home tab shows besides the person's own contracts. */
export interface HomeExtras {
  /** Item references by contract id: a filing contract shows its numbers, not ¥0.00. */
  items?: ReadonlyMap<string, readonly string[]>;
  /** Contracts waiting for this person's approval (an approver's Home). */
  approvals?: readonly ContractRow[];
  /** Who rejected each rejected contract (a Slack user id), by contract id. */
  rejectedBy?: ReadonlyMap<string, string>;
  /** The answer to the person's last click here (a download's link, a refusal), at the top (issue 26, item 15). */
  notice?: string | null;
}

/** `canImport`: the person is an admin, who brings in the account's orders and filing numbers (R18). */
export function homeView(contracts: ContractRow[], l: Locale, cx: ButtonContext & { canImport?: boolean } = {}, x: HomeExtras = {}): HomeView {
  const approvals = x.approvals ?? [];
  const blocks: Block[] = [
    ...(x.notice ? [section(x.notice, { block_id: 'home:notice' }), divider()] : []),
    header(t('homeTitle', l)),
    actions('home:top', [
      button(t('newTitle', l), ACTION.homeNew, 'new', { style: 'primary' }),
      button(pick(RECORD_LABEL, l), ACTION.homeRecord, 'record'),
      button(pick(FAQ_LABEL, l), ACTION.faq, 'faq'),
      ...(cx.canImport ? [button(pick(IMPORT_BUTTON, l), ACTION.homeImport, 'import')] : []),
    ]),
  ];
  // An approver reads first what waits for them, with the buttons to decide (R9's approvals, from Home too).
  if (approvals.length) {
    blocks.push(divider(), section(`*${t('homeApprovals', l)}* (${approvals.length})`));
    for (const c of approvals.slice(0, HOME_MAX_APPROVALS)) {
      const ask = t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: pick(KIND_LABEL[c.kind], l), number: c.number });
      blocks.push(section(`${ask}\n${aboutText(c, l, x.items?.get(c.id))}`));
      const ref = contractRef(c);
      blocks.push(
        actions(`approval:${c.id}`, [
          button(t('approve', l), ACTION.approve, ref, { style: 'primary' }),
          button(t('reject', l), ACTION.reject, ref, { style: 'danger' }),
        ]),
      );
    }
    if (approvals.length > HOME_MAX_APPROVALS) blocks.push(context(t('homeMoreApprovals', l, { n: approvals.length - HOME_MAX_APPROVALS })));
  }
  if (!contracts.length) blocks.push(section(t(approvals.length ? 'homeNoneOwn' : 'homeEmpty', l)));
  let shown = 0;
  for (const g of GROUPS) {
    const mine = contracts.filter((c) => c.status === g.status);
    if (!mine.length || shown >= HOME_MAX_CONTRACTS) continue;
    blocks.push(divider(), section(`*${g.title(mine[0]!.vendor)[l]}* (${mine.length})`));
    for (const c of mine) {
      if (shown >= HOME_MAX_CONTRACTS) break;
      shown += 1;
      const stuck = c.staleSince ? `\n${t('staleBadge', l)}: ${pick(staleWords(c.staleReason, c.vendor), l)}` : '';
      // A rejection says who rejected (刘洋 驳回：…), as the approvers' own copies do.
      const by = x.rejectedBy?.get(c.id);
      const rejected = c.rejectionReason
        ? `\n${by ? t('rejectedBy', l, { who: `<@${by}>`, reason: escapeMrkdwn(c.rejectionReason) }) : `❌ ${escapeMrkdwn(c.rejectionReason)}`}`
        : '';
      blocks.push(
        section(
          `*${c.number}* · ${pick(KIND_LABEL[c.kind], l)} · ${pick(channelLabel(c.sealChannel, c.vendor), l)}\n${pick(stateLabel(c, c.vendor), l)} · ${aboutText(c, l, x.items?.get(c.id))}${rejected}${stuck}`,
        ),
      );
      const b = contractButtons(c, l, cx);
      if (b) blocks.push(b);
    }
  }
  if (contracts.length > shown) blocks.push(context(t('more', l, { n: contracts.length - shown })));
  return { type: 'home', blocks };
}
