// The item picker's options, pure: eligible items first, then the ineligible ones with a reason that fits.
// Slack cuts an option's text and its description at 75 characters each, so the reason is a short wording of its own
// in the description, never the tail of a long message; choosing one anyway gets the full reason at submit.
import type { DomainError } from '../../domain/errors.js';
import { formatCents, ORDER_TYPE_LABEL } from '../../domain/labels.js';
import type { Kind, OrderType } from '../../domain/types.js';
import { type Locale, pick, t } from '../i18n.js';
import { option, plain } from './blocks.js';

export interface ItemOptionSource {
  id: string;
  detail: string;
  type: string | null;
  amountCents: number | null;
  createdOn: string;
  reason: DomainError | null;
}

/** A value no item has: the sentence shown when nothing matches; the submission ignores it. */
export const NO_MATCH = '-';

/** Why an item is not eligible, in at most 75 characters: the words a person needs (which contract holds it). */
export function shortReason(e: DomainError, l: Locale): string {
  const p = e.params;
  const word = (v: unknown) => (typeof v === 'object' && v ? (v as Record<Locale, string>)[l] : String(v ?? ''));
  const text = (() => {
    switch (e.code) {
      case 'R13_ITEM_OCCUPIED':
        return l === 'zh' ? `已在合同 ${word(p.number)} 中` : `Already in contract ${word(p.number)}`;
      // A voided contract holds its items until deleted: say so, and what frees the item.
      case 'R13_ITEM_IN_VOIDED':
        return l === 'zh' ? `所在合同 ${word(p.number)} 已作废，删除该合同即可选用` : `Its contract ${word(p.number)} is voided; delete it to free this`;
      case 'R11_MONTHLY_BILL':
        return l === 'zh' ? '月结账单不能生成订单合同' : 'Monthly bills cannot go into an order contract';
      case 'R11_MARKETPLACE':
        return l === 'zh' ? '云市场订单：请向第三方服务商索取合同' : 'Marketplace order: its provider issues the contract';
      case 'R11_POSTPAID_BEFORE_2018_09':
        return l === 'zh' ? '2018 年 9 月前的后付费订单不能生成合同' : 'Postpaid before September 2018: not eligible';
      case 'R11_WRONG_ORDER_TYPE':
        return l === 'zh' ? `${word(p.type)}订单不能用于${word(p.kind)}` : `A ${word(p.type)} order cannot go into a ${word(p.kind)}`;
      default:
        return e.message[l];
    }
  })();
  return `⛔ ${text}`.slice(0, 75);
}

const label = (c: ItemOptionSource, l: Locale) => {
  const type = c.type ? pick(ORDER_TYPE_LABEL[c.type as OrderType], l) : c.detail;
  const amount = c.amountCents !== null ? ` ${formatCents(c.amountCents)}` : '';
  return `${c.id} · ${type}${amount} · ${c.createdOn}`;
};

export function itemOptions(found: ItemOptionSource[], kind: Kind, l: Locale) {
  const eligible = found.filter((c) => !c.reason).map((c) => option(label(c, l), c.id));
  // Ineligible items are shown with their reason, not hidden; choosing one is refused with the full reason.
  const blocked = found.filter((c) => c.reason).map((c) => option(label(c, l), c.id, shortReason(c.reason!, l)));
  const none = t(kind === 'filing' ? 'noEligibleFilings' : 'noEligibleOrders', l);
  if (!found.length) return { options: [option(none, NO_MATCH)] };
  return {
    option_groups: [
      ...(eligible.length ? [{ label: plain(t('eligible', l)), options: eligible }] : []),
      // Items that matched but cannot be chosen are under "not eligible", never under "nothing matched".
      ...(blocked.length ? [{ label: plain(t('notEligible', l)), options: blocked }] : []),
    ],
  };
}
