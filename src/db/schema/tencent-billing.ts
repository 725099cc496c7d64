// Tencent Cloud's billing API as an account's import source (R18): its API key, sealed (AES-256-GCM under
// TOKEN_ENCRYPTION_KEY, the account's id as associated data), and what the last sync did. One row per account at most.
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp } from './columns.js';

export const tencentBilling = pgTable('tencent_billing', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id),
  /** SecretId and SecretKey, sealed together: never stored or logged in clear. */
  sealedKey: text('sealed_key').notNull(),
  /** AKID…1234: enough to recognise the key in Slack. */
  keyHint: text('key_hint').notNull(),
  setBy: text('set_by').notNull(),
  setAt: stamp('set_at').notNull(),
  /** Deals created up to this moment have been imported; the next sync starts a week before it. */
  syncedThrough: stamp('synced_through'),
  lastRunAt: stamp('last_run_at'),
  /** The last sync's summary or problem, as Home and the import modal show it. */
  lastOutcome: jsonb('last_outcome'),
});

export type TencentBillingRow = typeof tencentBilling.$inferSelect;
