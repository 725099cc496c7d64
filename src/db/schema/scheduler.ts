// What the jobs keep: reminders sent, scheduled slots claimed.
import { integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { stamp } from './columns.js';
import { contracts } from './contracts.js';

/** Reminders already sent, so each goes out once per contract version. */
export const reminders = pgTable(
  'reminders',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    sentAt: stamp('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.kind, t.version] })],
);

/** node-cron's distributed mode: a scheduled slot runs on the replica that inserts its key first. */
export const jobSlots = pgTable('job_slots', {
  key: text('key').primaryKey(),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: stamp('claimed_at').notNull().defaultNow(),
});
