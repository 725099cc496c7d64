// The status table of docs/domain.md (from Tencent's overview) as data: every transition the product knows.
// Services, Slack views and the database CHECK constraint all read this one table.
import type { SealChannel, State, Status, SubStatus } from './types.js';

export type StateKey = `${Status}/${SubStatus | '-'}`;

export const ACTIONS = [
  // wizard steps of the dual channel (R9)
  'fillPartyA',
  'confirmText',
  'confirmSigningInfo',
  'startSigning',
  // the actions the vendor's table lists
  'convert',
  'void',
  'delete',
  'cancelSigning',
  'resend',
  'requestPaper',
  'viewMailing',
  // approvals (ours: docs/domain.md, awaiting_approval)
  'approve',
  'reject',
  // what the outside world reports (e-sign service, the vendor's paper office)
  'draftGenerated',
  'customerSigned',
  'cancelConfirmed',
  'vendorSealed',
  'paperShipped',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who may ask for an action: the contract's requester (or an admin), an approver, the signer, or the system. */
export type Performer = 'requester' | 'approver' | 'signer' | 'system';

export interface Transition {
  action: Action;
  channels: readonly SealChannel[];
  from: StateKey;
  to: StateKey;
  /** Where the action goes instead when the approval policy asks for an approver first. */
  toWhenApprovalNeeded?: StateKey;
  by: Performer;
  /** Wizard steps move a draft forward; the vendor's table lists only the other actions. */
  step?: boolean;
}

const BOTH = ['vendor_seal', 'dual_seal'] as const;
const DUAL = ['dual_seal'] as const;
const VENDOR = ['vendor_seal'] as const;

export const TRANSITIONS: readonly Transition[] = [
  // dual channel: choose items -> fill Party A -> draft generated -> confirm text -> confirm signing -> SMS
  { action: 'fillPartyA', channels: DUAL, from: 'draft/filling_info', to: 'draft/draft_generating', by: 'requester', step: true },
  { action: 'delete', channels: DUAL, from: 'draft/filling_info', to: 'deleted/-', by: 'requester' },
  { action: 'draftGenerated', channels: DUAL, from: 'draft/draft_generating', to: 'draft/confirming_text', by: 'system' },
  { action: 'confirmText', channels: DUAL, from: 'draft/confirming_text', to: 'draft/confirming_signing', by: 'requester', step: true },
  { action: 'delete', channels: DUAL, from: 'draft/confirming_text', to: 'deleted/-', by: 'requester' },
  { action: 'confirmSigningInfo', channels: DUAL, from: 'draft/confirming_signing', to: 'draft/confirming_signing', by: 'requester', step: true },
  {
    action: 'startSigning',
    channels: DUAL,
    from: 'draft/confirming_signing',
    to: 'signing/customer_signing',
    toWhenApprovalNeeded: 'draft/awaiting_approval',
    by: 'requester',
    step: true,
  },
  { action: 'delete', channels: DUAL, from: 'draft/confirming_signing', to: 'deleted/-', by: 'requester' },
  { action: 'approve', channels: DUAL, from: 'draft/awaiting_approval', to: 'signing/customer_signing', by: 'approver' },
  { action: 'reject', channels: DUAL, from: 'draft/awaiting_approval', to: 'draft/confirming_signing', by: 'approver' },
  { action: 'delete', channels: DUAL, from: 'draft/awaiting_approval', to: 'deleted/-', by: 'requester' },
  { action: 'cancelSigning', channels: DUAL, from: 'signing/customer_signing', to: 'signing/cancelling', by: 'requester' },
  { action: 'resend', channels: DUAL, from: 'signing/customer_signing', to: 'signing/customer_signing', by: 'requester' },
  { action: 'customerSigned', channels: DUAL, from: 'signing/customer_signing', to: 'signing/vendor_signing', by: 'system' },
  { action: 'cancelConfirmed', channels: DUAL, from: 'signing/cancelling', to: 'voided/-', by: 'system' },

  // vendor channel: choose items -> save draft -> draft generated -> convert -> vendor seals
  { action: 'draftGenerated', channels: VENDOR, from: 'draft/draft_generating', to: 'draft/draft_ready', by: 'system' },
  {
    action: 'convert',
    channels: VENDOR,
    from: 'draft/draft_ready',
    to: 'signing/vendor_signing',
    toWhenApprovalNeeded: 'draft/awaiting_approval',
    by: 'requester',
  },
  { action: 'void', channels: VENDOR, from: 'draft/draft_ready', to: 'voided/-', by: 'requester' },
  { action: 'approve', channels: VENDOR, from: 'draft/awaiting_approval', to: 'signing/vendor_signing', by: 'approver' },
  { action: 'reject', channels: VENDOR, from: 'draft/awaiting_approval', to: 'draft/draft_ready', by: 'approver' },
  { action: 'void', channels: VENDOR, from: 'draft/awaiting_approval', to: 'voided/-', by: 'requester' },

  // both channels
  { action: 'vendorSealed', channels: BOTH, from: 'signing/vendor_signing', to: 'effective/e_effective', by: 'system' },
  { action: 'requestPaper', channels: BOTH, from: 'effective/e_effective', to: 'effective/paper_requested', by: 'requester' },
  { action: 'viewMailing', channels: BOTH, from: 'effective/paper_requested', to: 'effective/paper_requested', by: 'requester' },
  { action: 'paperShipped', channels: BOTH, from: 'effective/paper_requested', to: 'effective/paper_shipped', by: 'system' },
  { action: 'viewMailing', channels: BOTH, from: 'effective/paper_shipped', to: 'effective/paper_shipped', by: 'requester' },
  { action: 'delete', channels: BOTH, from: 'voided/-', to: 'deleted/-', by: 'requester' },
];

export function stateKey(s: State): StateKey {
  return `${s.status}/${s.subStatus ?? '-'}`;
}

export function parseStateKey(key: StateKey): State {
  const [status, sub] = key.split('/') as [Status, string];
  return { status, subStatus: sub === '-' ? null : (sub as SubStatus) };
}

/** Every (channel, status, sub-status) that may exist; the database CHECK constraint is built from it. */
export function validStates(): { channel: SealChannel; state: State }[] {
  const seen = new Map<string, { channel: SealChannel; state: State }>();
  const add = (channel: SealChannel, key: StateKey) => seen.set(`${channel}:${key}`, { channel, state: parseStateKey(key) });
  for (const t of TRANSITIONS) {
    for (const c of t.channels) {
      add(c, t.from);
      add(c, t.to);
      if (t.toWhenApprovalNeeded) add(c, t.toWhenApprovalNeeded);
    }
  }
  // Where each channel's life begins (createDraft).
  add('dual_seal', 'draft/filling_info');
  add('vendor_seal', 'draft/draft_generating');
  return [...seen.values()];
}

export function initialState(channel: SealChannel): State {
  return channel === 'dual_seal' ? { status: 'draft', subStatus: 'filling_info' } : { status: 'draft', subStatus: 'draft_generating' };
}

export function findTransition(channel: SealChannel, from: State, action: Action): Transition | undefined {
  const key = stateKey(from);
  return TRANSITIONS.find((t) => t.action === action && t.from === key && t.channels.includes(channel));
}

/** What a person can do in this state: the status table's "what a person can do" column (wizard steps and system events excluded). */
export function listActions(channel: SealChannel, state: State): Action[] {
  const key = stateKey(state);
  return TRANSITIONS.filter((t) => t.from === key && t.channels.includes(channel) && t.by === 'requester' && !t.step).map((t) => t.action);
}

/** Every action, person or system, that this state accepts. */
export function acceptedActions(channel: SealChannel, state: State): Action[] {
  const key = stateKey(state);
  return [...new Set(TRANSITIONS.filter((t) => t.from === key && t.channels.includes(channel)).map((t) => t.action))];
}

/** "Valid" for R2 and R5: not voided and not deleted. */
export const isValid = (s: State): boolean => s.status !== 'voided' && s.status !== 'deleted';

/** Who performs an action; the same in every state that accepts it. */
export function performerOf(action: Action): Performer {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`unknown action ${action}`);
  return t.by;
}

/** The e-sign service's flows: generating the draft, the customer's signature, the vendor's seal, a cancellation. */
export type FlowKind = 'draft' | 'customer' | 'vendor' | 'cancel';

/**
 * The states that wait on the e-sign service, the flow each waits on, and the action its completion is: the one
 * place that says so (the poller, reminders, stale repair and documents read it).
 */
export const ESIGN_WAITS = {
  draft_generating: { flow: 'draft', done: 'draftGenerated' },
  customer_signing: { flow: 'customer', done: 'customerSigned' },
  vendor_signing: { flow: 'vendor', done: 'vendorSealed' },
  cancelling: { flow: 'cancel', done: 'cancelConfirmed' },
} as const satisfies Partial<Record<SubStatus, { flow: FlowKind; done: Action }>>;

export type EsignWait = (typeof ESIGN_WAITS)[keyof typeof ESIGN_WAITS];

/** What the contract waits on at the e-sign service, or null. */
export function esignWaitOf(s: State): EsignWait | null {
  return (s.subStatus && (ESIGN_WAITS as Partial<Record<SubStatus, EsignWait>>)[s.subStatus]) || null;
}

/** States in which the contract waits on the e-sign service; the signing poller asks about exactly these. */
export function awaitsEsign(s: State): boolean {
  return esignWaitOf(s) !== null;
}
