// What the outbox remembers of its own Slack posts: each contract's thread (its root, edited as the contract moves)
// and the copies of a request with buttons (closed once someone decides). notify/ posts; the rows are kept here, so
// that the services stay the only writers of the database.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { approvalMessages, contractThreads } from '../db/schema.js';

export type ContractThread = typeof contractThreads.$inferSelect;
export type ApprovalMessage = typeof approvalMessages.$inferSelect;

/** The contract's thread, or undefined before its root is posted. */
export async function threadOf(q: Queryable, contractId: string): Promise<ContractThread | undefined> {
  const [thread] = await q.select().from(contractThreads).where(eq(contractThreads.contractId, contractId));
  return thread;
}

/**
 * Keeps the root just posted as the contract's thread. Should another delivery have kept one first, theirs stands and
 * is returned: a contract has one thread.
 */
export async function rememberThread(q: Queryable, v: { contractId: string; channel: string; rootTs: string }): Promise<ContractThread> {
  let [thread] = await q.insert(contractThreads).values(v).onConflictDoNothing().returning();
  thread ??= (await q.select().from(contractThreads).where(eq(contractThreads.contractId, v.contractId)))[0]!;
  return thread;
}

/** The copies of a contract's approval request still showing their buttons. */
export function approvalMessagesOf(q: Queryable, contractId: string): Promise<ApprovalMessage[]> {
  return q.select().from(approvalMessages).where(eq(approvalMessages.contractId, contractId));
}

/** Once decided and every copy closed, the contract's copies are not closed again. */
export async function forgetApprovalMessages(q: Queryable, contractId: string): Promise<void> {
  await q.delete(approvalMessages).where(eq(approvalMessages.contractId, contractId));
}

/** The copies of a signer's authorisation request still showing their buttons. */
export function signerApprovalMessagesOf(q: Queryable, signerId: string): Promise<ApprovalMessage[]> {
  return q.select().from(approvalMessages).where(eq(approvalMessages.signerId, signerId));
}

/** Once the signer is decided and every copy closed, its copies are not closed again. */
export async function forgetSignerApprovalMessages(q: Queryable, signerId: string): Promise<void> {
  await q.delete(approvalMessages).where(eq(approvalMessages.signerId, signerId));
}

/** Copies of a request with buttons are remembered, to be closed once decided; a retry that found its post adds none. */
export async function rememberApprovalMessage(q: Queryable, v: typeof approvalMessages.$inferInsert): Promise<void> {
  const [seen] = await q
    .select({ id: approvalMessages.id })
    .from(approvalMessages)
    .where(and(eq(approvalMessages.channel, v.channel), eq(approvalMessages.ts, v.ts)));
  if (!seen) await q.insert(approvalMessages).values(v);
}
