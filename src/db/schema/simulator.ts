// The e-sign simulator's own tables: its flows and the SMS it sent.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { stamp } from './columns.js';
import { contracts } from './contracts.js';

/** The simulated e-sign service's own state: one flow per contract and kind (draft, customer, vendor, cancel). */
export const esignFlows = pgTable(
  'esign_flows',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    kind: text('kind').notNull(),
    state: text('state').notNull().default('running'),
    startedAt: stamp('started_at').notNull(),
    dueAt: stamp('due_at'),
    phone: text('phone'),
    smsCount: integer('sms_count').notNull().default(0),
    smsLastAt: stamp('sms_last_at'),
    smsDelivered: boolean('sms_delivered').notNull().default(true),
    signedAt: stamp('signed_at'),
    signedBy: text('signed_by'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(1),
  },
  (t) => [
    uniqueIndex('esign_flows_one').on(t.contractId, t.kind),
    check('esign_flows_kind', sql`${t.kind} in ('draft', 'customer', 'vendor', 'cancel')`),
    check('esign_flows_state', sql`${t.state} in ('running', 'done', 'failed')`),
  ],
);

/** The simulated phone network: every SMS the e-sign service sent, so tests and the sandbox can read the signer's phone. */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id').references(() => contracts.id),
    phone: text('phone').notNull(),
    text: text('text').notNull(),
    /** The outbox row that sent it, so a retried delivery sends no second SMS. */
    dedupeKey: text('dedupe_key').unique(),
    sentAt: stamp('sent_at').notNull(),
  },
  (t) => [index('sms_messages_phone').on(t.phone, t.id)],
);
