// Who may do what: the requester (or an admin) on their contract, approvers on approvals, the system on its events.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { members } from '../db/schema.js';
import type { Messages } from '../domain/errors.js';
import { ACTION_LABEL } from '../domain/labels.js';
import type { Action, Performer } from '../domain/lifecycle.js';
import type { Actor } from '../domain/types.js';
import { refuse } from './context.js';

export interface Roles {
  isAdmin: boolean;
  isApprover: boolean;
  /** R8: 企业电子签管理员, the one role that authorises signers. */
  isEsignAdmin: boolean;
}

export async function rolesOf(q: Queryable, accountId: string, userId: string): Promise<Roles> {
  const [m] = await q
    .select({ isAdmin: members.isAdmin, isApprover: members.isApprover, isEsignAdmin: members.isEsignAdmin })
    .from(members)
    .where(and(eq(members.accountId, accountId), eq(members.slackUserId, userId)));
  return m ?? { isAdmin: false, isApprover: false, isEsignAdmin: false };
}

function notPermitted(action: Action): never {
  refuse('NOT_PERMITTED', { action: ACTION_LABEL[action] });
}

/** Refuses unless the actor is the performer the status table names for this action on this contract. */
export async function authorize(
  q: Queryable,
  actor: Actor,
  contract: { accountId: string; requesterId: string },
  performer: Performer,
  action: Action,
): Promise<void> {
  if (performer === 'system' || performer === 'signer') {
    if (actor.type !== 'system') notPermitted(action);
    return;
  }
  if (actor.type !== 'user') return; // the system may act for people (reminders, repairs), never the reverse
  const roles = await rolesOf(q, contract.accountId, actor.userId);
  if (performer === 'requester') {
    if (actor.userId !== contract.requesterId && !roles.isAdmin) notPermitted(action);
    return;
  }
  if (!roles.isApprover) notPermitted(action);
  // Four eyes: whoever asked for a contract does not approve it.
  if (actor.userId === contract.requesterId) refuse('APPROVER_IS_REQUESTER');
}

export async function requireAdmin(q: Queryable, actor: Actor, accountId: string, action: Messages): Promise<void> {
  if (actor.type === 'system') return;
  if (actor.accountId !== accountId) refuse('ACCOUNT_NOT_FOUND');
  const roles = await rolesOf(q, accountId, actor.userId);
  if (!roles.isAdmin) refuse('NOT_PERMITTED', { action });
}

/** R8: signers are authorised by the enterprise's e-sign administrator, not by approvers (nor by admins as such). */
export async function requireEsignAdmin(q: Queryable, actor: Actor, accountId: string): Promise<void> {
  if (actor.type === 'system') return;
  if (actor.accountId !== accountId) refuse('ACCOUNT_NOT_FOUND');
  const roles = await rolesOf(q, accountId, actor.userId);
  if (!roles.isEsignAdmin) refuse('R8_NOT_ESIGN_ADMIN');
}

/**
 * Who holds a role in the account (their Slack ids, in a fixed order): where a request or a notice goes, whom a
 * refusal names, what the settings form shows. The one query for it (roleHolders reads every role at once).
 */
export async function membersWith(q: Queryable, accountId: string, role: keyof Roles): Promise<string[]> {
  const rows = await q
    .select({ id: members.slackUserId })
    .from(members)
    .where(and(eq(members.accountId, accountId), eq(members[role], true)));
  return rows.map((r) => r.id).sort();
}

export type MemberRow = typeof members.$inferSelect;

/** Who holds each role (Slack ids, in the table's order). */
export interface RoleHolders {
  admins: string[];
  approvers: string[];
  esignAdmins: string[];
}

/**
 * Every role of the account at once, with the member rows it was read from: what a change of roles starts from (the
 * settings and set-up forms, a deactivated member). Inside the caller's transaction, so the check and the write that
 * follow see the same holders.
 */
export async function roleHolders(q: Queryable, accountId: string): Promise<{ rows: MemberRow[]; held: RoleHolders }> {
  const rows = await q.select().from(members).where(eq(members.accountId, accountId));
  const ids = (f: (m: MemberRow) => boolean) => rows.filter(f).map((m) => m.slackUserId);
  return { rows, held: { admins: ids((m) => m.isAdmin), approvers: ids((m) => m.isApprover), esignAdmins: ids((m) => m.isEsignAdmin) } };
}
