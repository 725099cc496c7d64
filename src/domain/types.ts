// Glossary terms of docs/domain.md, as the code spells them.

export const KINDS = ['framework', 'order', 'filing', 'consumption', 'recharge'] as const;
export type Kind = (typeof KINDS)[number];

export const SEAL_CHANNELS = ['vendor_seal', 'dual_seal'] as const;
export type SealChannel = (typeof SEAL_CHANNELS)[number];

export const STATUSES = ['draft', 'signing', 'effective', 'voided', 'deleted'] as const;
export type Status = (typeof STATUSES)[number];

export const SUB_STATUSES = [
  'filling_info',
  'confirming_text',
  'confirming_signing',
  'draft_generating',
  'draft_ready',
  'awaiting_approval',
  'customer_signing',
  'cancelling',
  'vendor_signing',
  'e_effective',
  'paper_requested',
  'paper_shipped',
] as const;
export type SubStatus = (typeof SUB_STATUSES)[number];

export const ORDER_TYPES = ['prepaid', 'postpaid', 'refund', 'monthly_bill', 'marketplace'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const SUBJECT_TYPES = ['enterprise', 'personal'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const ITEM_KINDS = ['order', 'filing'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const SIGNER_STATUSES = ['pending', 'authorised', 'rejected'] as const;

export const SUPPLEMENTARY_KINDS = ['assignment', 'name_change_letter'] as const;
export type SupplementaryKind = (typeof SUPPLEMENTARY_KINDS)[number];

export interface State {
  status: Status;
  subStatus: SubStatus | null;
}

export interface PartyA {
  name: string;
  address: string;
  contactName: string;
  phone: string;
  email: string;
}

/** Who acts: a Slack user of one account, or the system (jobs, the e-sign service, the paper office). */
export type Actor = { type: 'user'; accountId: string; userId: string } | { type: 'system'; name: string };

export const actorLabel = (actor: Actor): string => (actor.type === 'user' ? actor.userId : `system:${actor.name}`);
/** Who decided, recorded or requested something, as kept on the row itself: the person, or the system. */
export const personOrSystem = (actor: Actor): string => (actor.type === 'user' ? actor.userId : 'system');

export const SYSTEM: Actor = { type: 'system', name: 'esign' };

export interface OrderLike {
  id: string;
  type: OrderType;
  amountCents: number;
  createdOn: string; // YYYY-MM-DD, the vendor's order date
}

export interface FilingLike {
  id: string;
}
