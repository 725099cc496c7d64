// 合同申请记录: the account's whole record as a modal, a page at a time, with filters as selects and Download on each
// contract that has a document (R16). Paging, not truncation: Slack takes 100 blocks in a view.
import type { Button, ModalView, StaticSelect } from '@slack/types';
import type { ContractRow } from '../../db/schema.js';
import { downloadable } from '../../domain/documents.js';
import { channelLabel, KIND_LABEL, stateLabel, statusLabel } from '../../domain/labels.js';
import { type Kind, type Status, STATUSES } from '../../domain/types.js';
import { type Vendor, vendorProfile } from '../../domain/vendors.js';
import { type Locale, pick } from '../i18n.js';
import { ACTION, RECORD_CB } from '../ids.js';
import { actions, type Block, button, context, modal, option, section } from './blocks.js';
import { aboutText, type ButtonContext, contractButtons, downloadButton } from './contract.js';

export interface RecordState {
  kind?: Kind;
  status?: Status;
  requesterId?: string;
  page: number;
}

export interface RecordData {
  rows: ContractRow[];
  total: number;
  page: number;
  pages: number;
  requesters: string[];
  /** Display names by Slack user id, where the app knows them (plain-text options cannot mention a user). */
  names?: Record<string, string>;
  /** Item references by contract id: a filing contract's row names its numbers, not ¥0.00. */
  items?: ReadonlyMap<string, readonly string[]>;
}

const W = {
  title: { zh: '合同申请记录', en: 'Contract record' },
  kind: { zh: '合同类型', en: 'Kind' },
  status: { zh: '状态', en: 'Status' },
  requester: { zh: '申请人', en: 'Requester' },
  // "All" says all of what: a select shows its chosen option, and the first one is chosen until a filter is set.
  allKinds: { zh: '全部类型', en: 'All kinds' },
  allStatuses: { zh: '全部状态', en: 'All statuses' },
  allRequesters: { zh: '全部申请人', en: 'All requesters' },
  /** A requester Slack no longer knows (a deactivated account): never shown by their id. */
  someone: { zh: '工作区成员', en: 'Workspace member' },
  prev: { zh: '上一页', en: 'Previous' },
  next: { zh: '下一页', en: 'Next' },
  empty: { zh: '没有符合条件的合同。', en: 'No contracts match.' },
  close: { zh: '关闭', en: 'Close' },
} as const;

const ALL = 'all';

function select(actionId: string, all: string, options: ReturnType<typeof option>[], current: string | undefined): StaticSelect {
  const first = option(all, ALL);
  const list = [first, ...options].slice(0, 100);
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: all },
    options: list,
    initial_option: list.find((o) => o.value === (current ?? ALL)) ?? first,
  };
}

/** A filter: its label beside its select, so each says what it filters whatever is chosen in it. */
const filter = (label: string, el: StaticSelect): Block => section(`*${label}*`, { block_id: `record:filter:${el.action_id}`, accessory: el });

/** The requesters by the names Slack shows (an option is plain text, it cannot mention them); never by their ids. */
function requesterOptions(d: RecordData, l: Locale) {
  let unknown = 0;
  return d.requesters.map((u) => option(d.names?.[u]?.trim() || `${pick(W.someone, l)} ${++unknown}`, u));
}

const pageText = (d: RecordData, l: Locale) =>
  l === 'zh' ? `第 ${d.page + 1}/${d.pages} 页，共 ${d.total} 份合同` : `Page ${d.page + 1} of ${d.pages}, ${d.total} contracts`;

function row(c: ContractRow, l: Locale, cx: ButtonContext, items?: readonly string[]): Block[] {
  const text =
    `*${c.number}* · ${pick(KIND_LABEL[c.kind], l)} · ${pick(channelLabel(c.sealChannel, c.vendor), l)}\n` +
    `${pick(stateLabel(c, c.vendor), l)} · ${aboutText(c, l, items)} · <@${c.requesterId}> · ${c.createdAt.toISOString().slice(0, 10)}`;
  // QingCloud's guide: a draft is discarded (废弃) from 合同申请记录, so a draft's row carries the status table's buttons, as on Home.
  const buttons = c.status === 'draft' ? contractButtons(c, l, cx) : null;
  if (buttons) return [section(text), buttons];
  return [section(text, downloadable(c) ? { accessory: downloadButton(c, l) } : {})];
}

export function recordView(l: Locale, s: RecordState, d: RecordData, vendor: Vendor, cx: ButtonContext = {}): ModalView {
  const blocks: Block[] = [
    // The account's own kinds (R1a).
    filter(
      pick(W.kind, l),
      select(
        ACTION.recordKind,
        pick(W.allKinds, l),
        vendorProfile(vendor).kinds.map((k) => option(pick(KIND_LABEL[k], l), k)),
        s.kind,
      ),
    ),
    filter(
      pick(W.status, l),
      select(
        ACTION.recordStatus,
        pick(W.allStatuses, l),
        STATUSES.filter((x) => x !== 'deleted').map((x) => option(pick(statusLabel(x, vendor), l), x)),
        s.status,
      ),
    ),
    filter(pick(W.requester, l), select(ACTION.recordRequester, pick(W.allRequesters, l), requesterOptions(d, l), s.requesterId)),
    context(pageText(d, l)),
  ];
  if (!d.rows.length) blocks.push(section(pick(W.empty, l)));
  for (const c of d.rows) blocks.push(...row(c, l, cx, d.items?.get(c.id)));
  const pager: Button[] = [];
  if (d.page > 0) pager.push(button(pick(W.prev, l), ACTION.recordPrev, String(d.page - 1)));
  if (d.page + 1 < d.pages) pager.push(button(pick(W.next, l), ACTION.recordNext, String(d.page + 1)));
  if (pager.length) blocks.push(actions('record:pager', pager));
  const meta: RecordState = {
    ...(s.kind ? { kind: s.kind } : {}),
    ...(s.status ? { status: s.status } : {}),
    ...(s.requesterId ? { requesterId: s.requesterId } : {}),
    page: d.page,
  };
  return modal(RECORD_CB, pick(W.title, l), blocks, { close: pick(W.close, l), meta });
}

/** Reads a filter select's value back: "all" clears it. */
export const filterValue = (v: string | undefined): string | undefined => (v && v !== ALL ? v : undefined);
