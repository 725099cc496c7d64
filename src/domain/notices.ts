// What an outbox row says, as one typed union: the services that write rows and the dispatcher that delivers them
// share these shapes, so a service cannot write a topic nobody delivers or a payload its handler cannot read.
import type { Messages } from './errors.js';
import type { Role } from './roles.js';
import type { Kind, SealChannel, State } from './types.js';
import type { Vendor } from './vendors.js';

export const REMINDER_KINDS = ['signer', 'requester', 'approvers', 'filingExpiry'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ContractChanged {
  number: string;
  kind: Kind;
  channel: SealChannel;
  /** Rows written before issue 13 have none: they are Tencent's. */
  vendor?: Vendor;
  action: string;
  /** A Slack user id, or `system:<name>`. */
  actor: string;
  from: State | null;
  to: State;
  version: number;
  detail: Record<string, unknown>;
}

export type Notice =
  | { topic: 'contract.changed'; payload: ContractChanged }
  | { topic: 'contract.expired'; payload: { number: string; kind: Kind; version: number } }
  | { topic: 'contract.stale'; payload: { number: string; reason: string; state: State } }
  /** `to`: only these approvers (added after the request first went out); absent, every approver. */
  | { topic: 'approval.requested'; payload: { number: string; kind: Kind; totalCents: number; requesterId: string; version: number; to?: string[] } }
  /** `linkId` and `exp` (seconds) make the signing page's link; rows written before links existed have none. */
  | {
      topic: 'signing.sms';
      payload: { number: string; signerId: string | null; signerName: string | null; phone: string | null; linkId?: string; exp?: number };
    }
  | { topic: 'signer.requested'; payload: { signerId: string; name: string; requestedBy: string } }
  | {
      topic: 'signer.decided';
      /** `decidedBy`: the administrator who decided (absent on rows written before it was carried). */
      payload: { signerId: string; name: string; decision: 'authorise' | 'reject'; requestedBy: string; decidedBy?: string };
    }
  | { topic: 'account.subjectChanged'; payload: { from: string; to: string } }
  /** A deactivated member's roles left these roles with nobody: the admins hear it, or `fallback` when no admin is left. */
  | { topic: 'roles.emptied'; payload: { userId: string; name: string; roles: Role[]; fallback: string[] } }
  | { topic: 'reminder.signer'; payload: { number: string; signerId: string | null } }
  | { topic: 'reminder.requester'; payload: { number: string; requesterId: string } }
  | { topic: 'reminder.approvers'; payload: { number: string } }
  | { topic: 'reminder.filingExpiry'; payload: { number: string; expiresAt: string } }
  /** Slack refused a notification for good (the app not in the channel, a revoked token): the admins are told what to fix. */
  | { topic: 'delivery.held'; payload: { error: string; channel: string | null } }
  /** The answer to a click that Slack could not take at the time (an outage): delivered as a DM once Slack is back. */
  | { topic: 'click.answer'; payload: { userId: string; text: Messages } }
  /** The daily Tencent Cloud billing sync failed in a way not yet told (a wrong key, no permission, unreachable): the admins hear it once. */
  | { topic: 'tencent.syncFailed'; payload: { code: string; message: Messages; at: string } };

export type Topic = Notice['topic'];
export type PayloadOf<T extends Topic> = Extract<Notice, { topic: T }>['payload'];

/** Every topic, checked against the union both ways: a topic added to one and not the other fails to compile. */
const ALL: { [T in Topic]: true } = {
  'contract.changed': true,
  'contract.expired': true,
  'contract.stale': true,
  'approval.requested': true,
  'signing.sms': true,
  'signer.requested': true,
  'signer.decided': true,
  'account.subjectChanged': true,
  'roles.emptied': true,
  'reminder.signer': true,
  'reminder.requester': true,
  'reminder.approvers': true,
  'reminder.filingExpiry': true,
  'delivery.held': true,
  'click.answer': true,
  'tencent.syncFailed': true,
};
export const TOPICS = Object.keys(ALL) as Topic[];

export const isTopic = (s: string): s is Topic => Object.hasOwn(ALL, s);
