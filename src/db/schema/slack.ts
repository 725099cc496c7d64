// Slack bookkeeping: the outbox, each contract's thread, the approval DMs sent.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accounts, signers } from './accounts.js';
import { stamp } from './columns.js';
import { contracts } from './contracts.js';

/** Notifications written in the same transaction as the change they announce; the dispatcher posts them. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: stamp('next_attempt_at').notNull().defaultNow(),
    deliveredAt: stamp('delivered_at'),
    parkedAt: stamp('parked_at'),
    lastError: text('last_error'),
    /** A dispatcher's lease on the row: another replica leaves it alone until then. */
    claimedUntil: stamp('claimed_until'),
    /** The app instance holding the lease: it frees at once when that instance dies. */
    claimedBy: integer('claimed_by'),
    /**
     * An earlier attempt may have posted without hearing so (a timeout, a 5xx, a cut connection, a replica that died
     * mid-attempt): the next attempt looks in Slack for its posts first. False, nothing needs looking up.
     */
    outcomeUnknown: boolean('outcome_unknown').notNull().default(false),
    /** What earlier attempts did for sure (posts made, with their ts; a root edit left to a later row): not done again. */
    progress: jsonb('progress').$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    index('outbox_claimed_by')
      .on(t.claimedBy)
      .where(sql`${t.claimedBy} is not null`),
    index('outbox_contract_pending')
      .on(t.contractId, t.id)
      .where(sql`${t.deliveredAt} is null and ${t.parkedAt} is null`),
    index('outbox_pending')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.parkedAt} is null`),
  ],
);

/** The Slack thread of each contract: its root message in the notification channel, kept current. */
export const contractThreads = pgTable('contract_threads', {
  contractId: uuid('contract_id')
    .primaryKey()
    .references(() => contracts.id),
  channel: text('channel').notNull(),
  rootTs: text('root_ts').notNull(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
});

/** Approval requests sent to approvers, so every copy can show the outcome once someone decides. */
export const approvalMessages = pgTable(
  'approval_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id').references(() => contracts.id),
    signerId: uuid('signer_id').references(() => signers.id),
    approverId: text('approver_id').notNull(),
    channel: text('channel').notNull(),
    ts: text('ts').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (t) => [index('approval_messages_contract').on(t.contractId), index('approval_messages_signer').on(t.signerId)],
);
