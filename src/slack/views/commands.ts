// What /contract answers with, as pure functions: help, the person's list, one contract with its history.
import type { auditEvents, ContractRow } from '../../db/schema.js';
import { formatCents, KIND_LABEL, stateLabel } from '../../domain/labels.js';
import { escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { actions, type Block, button, context, header, section } from './blocks.js';
import { contractButtons, contractSummary, type ContractView, FAQ_LABEL, RECORD_LABEL } from './contract.js';

/** How many audit events /contract show lists: the newest, so the section stays far below its 3,000 characters. */
export const SHOW_HISTORY = 15;

export function helpMessage(l: Locale, version: string): Block[] {
  return [
    header(t('helpTitle', l)),
    section(t('helpBody', l)),
    actions('help', [
      button(t('newTitle', l), 'home:new', 'new', { style: 'primary' }),
      button(pick(RECORD_LABEL, l), 'home:record', 'record'),
      button(pick(FAQ_LABEL, l), 'help:faq', 'faq'),
    ]),
    context(l === 'zh' ? '`/contract record`：本账号的全部合同（合同申请记录）' : "`/contract record`: the account's whole record"),
    context(`v${version}`),
  ];
}

export function listMessage(mine: ContractRow[], l: Locale): Block[] {
  const blocks: Block[] = [header(t('listTitle', l))];
  if (!mine.length) blocks.push(section(t('homeEmpty', l)));
  for (const c of mine) {
    blocks.push(section(`*${c.number}* · ${pick(KIND_LABEL[c.kind], l)} · ${pick(stateLabel(c), l)} · ${formatCents(c.totalCents)}`));
    const b = contractButtons(c, l);
    if (b) blocks.push(b);
  }
  return blocks;
}

type Event = Pick<typeof auditEvents.$inferSelect, 'at' | 'actor' | 'action' | 'toStatus' | 'toSubStatus'>;

export function showMessage(v: ContractView, trail: Event[], l: Locale, withButtons: boolean): Block[] {
  const blocks = contractSummary(v, l, { withButtons, download: true });
  const lines = trail.slice(-SHOW_HISTORY).map((e) => {
    const to = e.toStatus ? ` → ${pick(stateLabel({ status: e.toStatus, subStatus: e.toSubStatus }), l)}` : '';
    return `${e.at.toISOString().slice(0, 16).replace('T', ' ')} · ${escapeMrkdwn(e.actor)} · ${e.action}${to}`;
  });
  blocks.push(section(`*${t('history', l)}*\n${lines.join('\n')}`));
  return blocks;
}
