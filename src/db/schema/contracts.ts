// Contracts and what hangs off each: its items, the paper copy, the documents issued.
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { validStates } from '../../domain/lifecycle.js';
import type { PartyA } from '../../domain/types.js';
import type { Vendor } from '../../domain/vendors.js';
import { accounts, signers } from './accounts.js';
import { bytea, money, stamp } from './columns.js';
import { itemKindEnum, kindEnum, sealChannelEnum, statusEnum, subStatusEnum } from './enums.js';

const stateTriples = validStates()
  .map(({ channel, state }) => `'${channel}:${state.status}/${state.subStatus ?? '-'}'`)
  .sort()
  .join(', ');

export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    /** HT-<year>-<six digits>, each account numbering its own contracts (contract_numbers). */
    number: text('number').notNull(),
    kind: kindEnum('kind').notNull(),
    sealChannel: sealChannelEnum('seal_channel').notNull(),
    status: statusEnum('status').notNull(),
    subStatus: subStatusEnum('sub_status'),
    partyA: jsonb('party_a').$type<PartyA>(),
    // The account's vendor, fixed at creation like Party A, so every label of the contract names its own Party B.
    vendor: text('vendor').$type<Vendor>().notNull().default('tencent'),
    totalCents: money('total_cents').notNull().default(0),
    frameworkId: uuid('framework_id').references((): AnyPgColumn => contracts.id),
    requesterId: text('requester_id').notNull(),
    signerId: uuid('signer_id').references(() => signers.id),
    signerName: text('signer_name'),
    signerPhone: text('signer_phone'),
    smsSentAt: stamp('sms_sent_at'),
    rejectionReason: text('rejection_reason'),
    effectiveAt: stamp('effective_at'),
    expiresAt: stamp('expires_at'),
    expiredAt: stamp('expired_at'),
    version: integer('version').notNull().default(1),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
    /** When the signing poller next asks the e-sign service about this contract; null when nothing outside is pending. */
    nextPollAt: stamp('next_poll_at'),
    /** Set when the contract stopped moving (service error, lost flow); cleared by its next transition. */
    staleSince: stamp('stale_since'),
    staleReason: text('stale_reason'),
    /** The app instance whose poller last claimed the contract: its claims free at once when that instance dies. */
    claimedBy: integer('claimed_by'),
  },
  (t) => [
    index('contracts_due')
      .on(t.nextPollAt)
      .where(sql`${t.nextPollAt} is not null`),
    index('contracts_claimed_by')
      .on(t.claimedBy)
      .where(sql`${t.claimedBy} is not null`),
    // The status table of docs/domain.md: no other (channel, status, sub-status) can be stored.
    check(
      'contracts_state',
      sql`(${t.sealChannel}::text || ':' || ${t.status}::text || '/' || coalesce(${t.subStatus}::text, '-')) in (${sql.raw(stateTriples)})`,
    ),
    // QingCloud's guide: the QingCloud kinds are sealed by the vendor alone.
    check('contracts_kind_channel', sql`${t.kind} in ('framework', 'order', 'filing') or ${t.sealChannel} = 'vendor_seal'`),
    check('contracts_total', sql`${t.totalCents} >= 0`),
    // R2: one valid framework contract per account.
    uniqueIndex('contracts_one_valid_framework')
      .on(t.accountId)
      .where(sql`${t.kind} = 'framework' and ${t.status} not in ('voided', 'deleted')`),
    // A company's own sequence: a number names one contract of its account, and another account may use it too.
    uniqueIndex('contracts_account_number').on(t.accountId, t.number),
    index('contracts_account_status').on(t.accountId, t.status),
    index('contracts_requester').on(t.accountId, t.requesterId),
  ],
);

/** Orders or filing numbers a contract holds; `live` until the contract is deleted or the filing expires. */
export const contractItems = pgTable(
  'contract_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    itemKind: itemKindEnum('item_kind').notNull(),
    itemRef: text('item_ref').notNull(),
    amountCents: money('amount_cents'),
    live: boolean('live').notNull().default(true),
  },
  (t) => [
    // R13: an order or filing number is in at most one live contract.
    uniqueIndex('contract_items_one_live')
      .on(t.accountId, t.itemKind, t.itemRef)
      .where(sql`${t.live}`),
    index('contract_items_contract').on(t.contractId),
  ],
);

/** R14: the return address is immutable once submitted (a trigger keeps it so). */
export const paperRequests = pgTable('paper_requests', {
  contractId: uuid('contract_id')
    .primaryKey()
    .references(() => contracts.id),
  recipient: text('recipient').notNull(),
  phone: text('phone').notNull(),
  address: text('address').notNull(),
  enclosures: text('enclosures')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  requestedBy: text('requested_by').notNull(),
  requestedAt: stamp('requested_at').notNull().defaultNow(),
  trackingNumber: text('tracking_number'),
  shippedAt: stamp('shipped_at'),
  /** The customer's printed, stamped copy went into the post to the vendor (Tencent's paper guide, step 3), and how to follow it. */
  mailedAt: stamp('mailed_at'),
  mailedBy: text('mailed_by'),
  outboundTracking: text('outbound_tracking'),
  /** The vendor has the customer's copy: the 15 working days count from here (Tencent's paper guide, FAQ Q2). */
  receivedAt: stamp('received_at'),
  receivedBy: text('received_by'),
  /** 15 working days of the mainland-China calendar after receipt (R14); null until the vendor has the copy. */
  shipDueAt: stamp('ship_due_at'),
});

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    kind: text('kind').notNull(),
    sha256: text('sha256').notNull(),
    /** The content fingerprint printed on the audit page (SHA-256 of the content, not of the file): what people type. */
    contentFingerprint: text('content_fingerprint'),
    bytes: bytea('bytes').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('documents_kind', sql`${t.kind} in ('draft', 'formal')`),
    // Not unique: two accounts may issue the same bytes (the same number, Party A and moment); verify looks within one.
    index('documents_sha256').on(t.sha256),
    index('documents_content_fingerprint').on(t.contentFingerprint),
    // A contract has one draft and one formal document, as issued.
    uniqueIndex('documents_one_per_kind').on(t.contractId, t.kind),
    index('documents_contract').on(t.contractId),
  ],
);

/**
 * A document a contract has come to hold and that is not issued yet: written in the transaction that moved the
 * contract (a draft generated, the contract effective), so the issue cannot be lost, and taken by the documents job
 * right after. Rendering stays out of that transaction (the poller moves hundreds of contracts in one); what the
 * document says is fixed by the moment it came to exist, whenever it is rendered (services/documents.ts).
 */
export const documentsDue = pgTable(
  'documents_due',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    kind: text('kind').notNull(),
    dueAt: stamp('due_at').notNull(),
    /** A job instance's lease on it while it renders; another takes it over once the lease has run out. */
    claimedUntil: stamp('claimed_until'),
  },
  (t) => [
    primaryKey({ columns: [t.contractId, t.kind] }),
    check('documents_due_kind', sql`${t.kind} in ('draft', 'formal')`),
    index('documents_due_at').on(t.dueAt),
  ],
);

/**
 * Each account's last contract number of a year (its own year, in its time zone): creating a contract takes the next
 * one with an upsert on this row, whose lock holds until the creation commits, so concurrent creations in one account
 * queue here and get consecutive numbers, and a creation that rolls back gives its number back (no gap, unlike a
 * sequence).
 */
export const contractNumbers = pgTable(
  'contract_numbers',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.year] }), check('contract_numbers_last', sql`${t.last} >= 1`)],
);

export type ContractRow = typeof contracts.$inferSelect;
