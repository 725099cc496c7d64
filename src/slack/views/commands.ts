// What /contract answers with, as pure functions: help, the person's list, one contract with its history.
import type { auditEvents, ContractRow } from '../../db/schema.js';
import { auditEventWords, eventFromRow, timeWords } from '../../domain/audit.js';
import { downloadable } from '../../domain/documents.js';
import { KIND_LABEL, stateLabel } from '../../domain/labels.js';
import { DEFAULT_VENDOR, type Vendor, vendorProfile } from '../../domain/vendors.js';
import { clip, escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { ACTION } from '../ids.js';
import { actions, type Block, button, context, header, section } from './blocks.js';
import { aboutText, type ButtonContext, contractButtons, contractSummary, type ContractView, downloadButton, FAQ_LABEL, RECORD_LABEL } from './contract.js';

/** How many audit events /contract show lists: the newest, so the section stays far below its 3,000 characters. */
export const SHOW_HISTORY = 15;

/**
 * `/contract help`: the account's own kinds (R1a), and signers only where the customer signs (not QingCloud: its guide has no customer signing);
 * after a word we do not know (`unknown`), it says so first instead of answering help silently.
 */
/** What /contract import brings in: QingCloud offers no filing contract, so its accounts keep no filing numbers. */
const IMPORT_WHAT = {
  all: { zh: '订单、月结账单和 ICP 备案号', en: 'orders, monthly bills and ICP filing numbers' },
  noFilings: { zh: '订单和月结账单', en: 'orders and monthly bills' },
} as const;

export function helpMessage(l: Locale, version: string, vendor: Vendor = DEFAULT_VENDOR, unknown?: string): Block[] {
  const p = vendorProfile(vendor);
  const kinds = p.kinds.map((k) => pick(KIND_LABEL[k], l).replace(/合同$|\s*contract$/, '')).join(l === 'zh' ? '、' : ', ');
  const signers = p.channels.includes('dual_seal') ? t('helpSigners', l) : '';
  return [
    ...(unknown ? [section(`⚠️ ${t('unknownCommand', l, { verb: escapeMrkdwn(clip(unknown, 40)) })}`)] : []),
    header(t('helpTitle', l)),
    section(
      `${t('helpBody', l, { kinds, signers })}\n${t('helpImport', l, { what: pick(p.kinds.includes('filing') ? IMPORT_WHAT.all : IMPORT_WHAT.noFilings, l) })}`,
    ),
    actions('help', [
      button(t('newTitle', l), ACTION.homeNew, 'new', { style: 'primary' }),
      button(pick(RECORD_LABEL, l), ACTION.homeRecord, 'record'),
      button(pick(FAQ_LABEL, l), ACTION.faq, 'faq'),
    ]),
    context(l === 'zh' ? '`/contract record`：本账号的全部合同（合同申请记录）' : "`/contract record`: the account's whole record"),
    context(`v${version}`),
  ];
}

/** /contract list shows the person's own newest 30; the rest are in the record, which pages. */
export const LIST_MAX = 30;
/** A message takes 50 blocks: up to this many contracts get a row of buttons (two blocks each). */
const WITH_BUTTONS_MAX = 23;

/**
 * The person's own contracts, newest first, then how many more and where they are. Past WITH_BUTTONS_MAX a contract
 * is one section with Download beside it, and its other actions are on /contract show.
 */
/** `items`: item references by contract id, so a filing contract's line names its numbers rather than ¥0.00. */
export function listMessage(mine: ContractRow[], l: Locale, more = 0, cx: ButtonContext = {}, items?: ReadonlyMap<string, readonly string[]>): Block[] {
  const blocks: Block[] = [header(t('listTitle', l))];
  if (!mine.length) blocks.push(section(t('homeEmpty', l)));
  const compact = mine.length > WITH_BUTTONS_MAX;
  for (const c of mine.slice(0, LIST_MAX)) {
    const line = `*${c.number}* · ${pick(KIND_LABEL[c.kind], l)} · ${pick(stateLabel(c, c.vendor), l)} · ${aboutText(c, l, items?.get(c.id))}`;
    if (compact) {
      blocks.push(section(line, downloadable(c) ? { accessory: downloadButton(c, l) } : {}));
      continue;
    }
    blocks.push(section(line));
    const b = contractButtons(c, l, cx);
    if (b) blocks.push(b);
  }
  if (compact) blocks.push(context(l === 'zh' ? '其他操作：`/contract show 合同编号`' : 'Other actions: `/contract show NUMBER`'));
  if (more > 0) blocks.push(context(l === 'zh' ? `还有 ${more} 份：\`/contract record\` 分页查看` : `${more} more: \`/contract record\` pages through them`));
  return blocks;
}

type Event = Pick<typeof auditEvents.$inferSelect, 'at' | 'actor' | 'action' | 'fromStatus' | 'fromSubStatus' | 'toStatus' | 'toSubStatus'>;

/** Whom the words name and where the account's clock is: what a view needs to read an audit event aloud. */
export interface People {
  names: ReadonlyMap<string, string>;
  timeZone: string;
}

export function showMessage(v: ContractView, trail: Event[], l: Locale, withButtons: boolean, people: People, cx: ButtonContext = {}): Block[] {
  const blocks = contractSummary(v, l, { withButtons, names: people.names, download: true, ...cx });
  const lines = trail.slice(-SHOW_HISTORY).map((e) => {
    const w = auditEventWords(eventFromRow(e), { ...people, vendor: v.contract.vendor }, l);
    return `${w.when} · ${escapeMrkdwn(w.who)} · *${w.what}*${w.move ? ` · ${w.move}` : ''}`;
  });
  blocks.push(section(`*${t('history', l)}*\n${lines.join('\n')}`));
  return blocks;
}

export type VerifyFound = { ambiguous: true } | { matched: 'file' | 'fingerprint'; kind: string; createdAt: Date; contract: ContractRow };

/** `/contract verify`: which fingerprint matched, the contract, its document's version and where it stands now. */
export function verifyMessage(found: VerifyFound | null, typed: string, l: Locale, timeZone: string): string {
  if (!found) return t('notVerified', l, { hash: escapeMrkdwn(clip(typed.trim(), 80) || '?') });
  if ('ambiguous' in found) return t('verifyAmbiguous', l, { hash: escapeMrkdwn(clip(typed.trim(), 80)) });
  return t('verified', l, {
    matched: t(found.matched === 'file' ? 'matchedFile' : 'matchedFingerprint', l),
    number: found.contract.number,
    contractKind: pick(KIND_LABEL[found.contract.kind], l),
    kind: t(found.kind === 'formal' ? 'formalLink' : 'draftLink', l),
    state: pick(stateLabel(found.contract, found.contract.vendor), l),
    date: timeWords(found.createdAt, timeZone, l),
  });
}
