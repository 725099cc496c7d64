// Who may do what: the requester (or an admin) on their contract, approvers on approvals, the system on its events.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { members } from '../db/schema.js';
import { ACTION_LABEL } from '../domain/labels.js';
import type { Action, Performer } from '../domain/lifecycle.js';
import type { Messages } from '../domain/errors.js';
import type { Actor } from '../domain/types.js';
import { refuse } from './context.js';

export interface Roles {
  isAdmin: boolean;
  isApprover: boolean;
}

export async function rolesOf(q: Queryable, accountId: string, userId: string): Promise<Roles> {
  const [m] = await q
    .select({ isAdmin: members.isAdmin, isApprover: members.isApprover })
    .from(members)
    .where(and(eq(members.accountId, accountId), eq(members.slackUserId, userId)));
  return m ?? { isAdmin: false, isApprover: false };
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

export async function requireApprover(q: Queryable, actor: Actor, accountId: string, action: Messages): Promise<void> {
  if (actor.type === 'system') return;
  if (actor.accountId !== accountId) refuse('ACCOUNT_NOT_FOUND');
  const roles = await rolesOf(q, accountId, actor.userId);
  if (!roles.isApprover) refuse('NOT_PERMITTED', { action });
}
