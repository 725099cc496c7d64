// What /contract answers with, as pure functions: help, the person's list, one contract with its history.
import type { auditEvents, ContractRow } from '../../db/schema.js';
import { formatCents, KIND_LABEL, stateLabel } from '../../domain/labels.js';
import { auditEventWords, eventFromRow, timeWords } from '../../domain/audit.js';
import { clip, escapeMrkdwn, type Locale, pick, t } from '../i18n.js';
import { actions, type Block, button, context, header, section } from './blocks.js';
import { contractButtons, contractSummary, type ContractView } from './contract.js';

/** How many audit events /contract show lists: the newest, so the section stays far below its 3,000 characters. */
export const SHOW_HISTORY = 15;

export function helpMessage(l: Locale, version: string): Block[] {
  return [
    header(t('helpTitle', l)),
    section(t('helpBody', l)),
    actions('help', [button(t('newTitle', l), 'home:new', 'new', { style: 'primary' })]),
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

type Event = Pick<typeof auditEvents.$inferSelect, 'at' | 'actor' | 'action' | 'fromStatus' | 'fromSubStatus' | 'toStatus' | 'toSubStatus'>;

/** Whom the words name and where the account's clock is: what a view needs to read an audit event aloud. */
export interface People {
  names: ReadonlyMap<string, string>;
  timeZone: string;
}

export function showMessage(v: ContractView, trail: Event[], l: Locale, withButtons: boolean, people: People): Block[] {
  const blocks = contractSummary(v, l, { withButtons, names: people.names });
  const lines = trail.slice(-SHOW_HISTORY).map((e) => {
    const w = auditEventWords(eventFromRow(e), people, l);
    return `${w.when} · ${escapeMrkdwn(w.who)} · *${w.what}*${w.move ? ` · ${w.move}` : ''}`;
  });
  blocks.push(section(`*${t('history', l)}*\n${lines.join('\n')}`));
  return blocks;
}

export type VerifyFound =
  | { ambiguous: true }
  | { matched: 'file' | 'fingerprint'; kind: string; createdAt: Date; contract: ContractRow };

/** `/contract verify`: which fingerprint matched, the contract, its document's version and where it stands now. */
export function verifyMessage(found: VerifyFound | null, typed: string, l: Locale, timeZone: string): string {
  if (!found) return t('notVerified', l, { hash: escapeMrkdwn(clip(typed.trim(), 80) || '?') });
  if ('ambiguous' in found) return t('verifyAmbiguous', l, { hash: escapeMrkdwn(clip(typed.trim(), 80)) });
  return t('verified', l, {
    matched: t(found.matched === 'file' ? 'matchedFile' : 'matchedFingerprint', l),
    number: found.contract.number,
    contractKind: pick(KIND_LABEL[found.contract.kind], l),
    kind: t(found.kind === 'formal' ? 'formalLink' : 'draftLink', l),
    state: pick(stateLabel(found.contract), l),
    date: timeWords(found.createdAt, timeZone),
  });
}
