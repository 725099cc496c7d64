// The audit trail.
import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { stamp } from './columns.js';
import { contracts } from './contracts.js';
import { statusEnum, subStatusEnum } from './enums.js';

/** Append-only: a trigger refuses UPDATE and DELETE, and no code path issues them. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: statusEnum('from_status'),
    fromSubStatus: subStatusEnum('from_sub_status'),
    toStatus: statusEnum('to_status'),
    toSubStatus: subStatusEnum('to_sub_status'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: stamp('at').notNull().defaultNow(),
  },
  (t) => [index('audit_events_contract').on(t.contractId, t.id), index('audit_events_account').on(t.accountId, t.id)],
);
