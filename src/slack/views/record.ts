// 合同申请记录: the account's whole record as a modal, a page at a time, with filters as selects and Download on each
// contract that has a document (R16). Paging, not truncation: Slack takes 100 blocks in a view.
import type { Button, ModalView, StaticSelect } from '@slack/types';
import type { ContractRow } from '../../db/schema.js';
import { downloadable } from '../../domain/documents.js';
import { channelLabel, formatCents, KIND_LABEL, STATUS_LABEL, stateLabel } from '../../domain/labels.js';
import { type Kind, STATUSES, type Status } from '../../domain/types.js';
import { type Vendor, vendorProfile } from '../../domain/vendors.js';
import { type Locale, pick } from '../i18n.js';
import { actions, type Block, button, context, modal, option, section } from './blocks.js';
import { type ButtonContext, contractButtons, downloadButton } from './contract.js';

const RECORD_CB = 'record:view';

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
}

const W = {
  title: { zh: '合同申请记录', en: 'Contract record' },
  all: { zh: '全部', en: 'All' },
  kind: { zh: '类型', en: 'Kind' },
  status: { zh: '状态', en: 'Status' },
  requester: { zh: '申请人', en: 'Requester' },
  prev: { zh: '上一页', en: 'Previous' },
  next: { zh: '下一页', en: 'Next' },
  empty: { zh: '没有符合条件的合同。', en: 'No contracts match.' },
  close: { zh: '关闭', en: 'Close' },
} as const;

const ALL = 'all';

function select(actionId: string, placeholder: string, options: ReturnType<typeof option>[], current: string | undefined, l: Locale): StaticSelect {
  const all = option(pick(W.all, l), ALL);
  const list = [all, ...options].slice(0, 100);
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: placeholder },
    options: list,
    initial_option: list.find((o) => o.value === (current ?? ALL)) ?? all,
  };
}

const pageText = (d: RecordData, l: Locale) =>
  l === 'zh' ? `第 ${d.page + 1}/${d.pages} 页，共 ${d.total} 份合同` : `Page ${d.page + 1} of ${d.pages}, ${d.total} contracts`;

function row(c: ContractRow, l: Locale, cx: ButtonContext): Block[] {
  const text =
    `*${c.number}* · ${pick(KIND_LABEL[c.kind], l)} · ${pick(channelLabel(c.sealChannel, c.vendor), l)}\n` +
    `${pick(stateLabel(c, c.vendor), l)} · ${formatCents(c.totalCents)} · <@${c.requesterId}> · ${c.createdAt.toISOString().slice(0, 10)}`;
  // Seed 004: a draft is discarded (废弃) from 合同申请记录, so a draft's row carries the status table's buttons, as on Home.
  const buttons = c.status === 'draft' ? contractButtons(c, l, cx) : null;
  if (buttons) return [section(text), buttons];
  return [section(text, downloadable(c) ? { accessory: downloadButton(c, l) } : {})];
}

export function recordView(l: Locale, s: RecordState, d: RecordData, vendor: Vendor, cx: ButtonContext = {}): ModalView {
  const blocks: Block[] = [
    actions('record:filters', [
      // The account's own kinds (R1a).
      select(
        'record:kind',
        pick(W.kind, l),
        vendorProfile(vendor).kinds.map((k) => option(pick(KIND_LABEL[k], l), k)),
        s.kind,
        l,
      ),
      select(
        'record:status',
        pick(W.status, l),
        STATUSES.filter((x) => x !== 'deleted').map((x) => option(pick(STATUS_LABEL[x], l), x)),
        s.status,
        l,
      ),
      select(
        'record:requester',
        pick(W.requester, l),
        d.requesters.map((u) => option(d.names?.[u] || u, u)),
        s.requesterId,
        l,
      ),
    ]),
    context(pageText(d, l)),
  ];
  if (!d.rows.length) blocks.push(section(pick(W.empty, l)));
  for (const c of d.rows) blocks.push(...row(c, l, cx));
  const pager: Button[] = [];
  if (d.page > 0) pager.push(button(pick(W.prev, l), 'record:prev', String(d.page - 1)));
  if (d.page + 1 < d.pages) pager.push(button(pick(W.next, l), 'record:next', String(d.page + 1)));
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
