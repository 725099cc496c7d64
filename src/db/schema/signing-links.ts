// The signer's links to the signing page.
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { stamp } from './columns.js';
import { contracts } from './contracts.js';

/**
 * R8: the link in a signer's SMS to the signing page. One live link per contract: a resent SMS supersedes the last.
 * The one-time code is kept only as an HMAC; attempts are counted so a code cannot be guessed.
 */
export const signingLinks = pgTable(
  'signing_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    phone: text('phone').notNull(),
    expiresAt: stamp('expires_at').notNull(),
    createdAt: stamp('created_at').notNull(),
    supersededAt: stamp('superseded_at'),
    usedAt: stamp('used_at'),
    codeHash: text('code_hash'),
    codeExpiresAt: stamp('code_expires_at'),
    codesSent: integer('codes_sent').notNull().default(0),
    codeSentAt: stamp('code_sent_at'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (t) => [index('signing_links_contract').on(t.contractId)],
);
