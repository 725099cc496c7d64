// The single source of table shapes. drizzle-kit generates the migrations in drizzle/ from this file.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { validStates } from '../domain/lifecycle.js';
import { type Vendor, VENDORS } from '../domain/vendors.js';
import {
  ITEM_KINDS,
  KINDS,
  ORDER_TYPES,
  SEAL_CHANNELS,
  SIGNER_STATUSES,
  STATUSES,
  SUB_STATUSES,
  SUBJECT_TYPES,
  SUPPLEMENTARY_KINDS,
  type PartyA,
} from '../domain/types.js';

export const kindEnum = pgEnum('contract_kind', KINDS);
export const sealChannelEnum = pgEnum('seal_channel', SEAL_CHANNELS);
export const statusEnum = pgEnum('contract_status', STATUSES);
export const subStatusEnum = pgEnum('contract_sub_status', SUB_STATUSES);
export const orderTypeEnum = pgEnum('order_type', ORDER_TYPES);
export const subjectTypeEnum = pgEnum('subject_type', SUBJECT_TYPES);
export const itemKindEnum = pgEnum('item_kind', ITEM_KINDS);
export const signerStatusEnum = pgEnum('signer_status', SIGNER_STATUSES);
export const supplementaryKindEnum = pgEnum('supplementary_kind', SUPPLEMENTARY_KINDS);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const money = (name: string) => bigint(name, { mode: 'number' });
const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const contractNumberSeq = pgSequence('contract_number_seq', { startWith: 1, increment: 1 });

/** One per Slack workspace: the customer's account at the vendor. */
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  slackTeamId: text('slack_team_id').notNull().unique(),
  verifiedSubject: text('verified_subject').notNull(),
  subjectType: subjectTypeEnum('subject_type').notNull(),
  esignActivated: boolean('esign_activated').notNull().default(false),
  /** R5: set when the verified subject changes while valid contracts exist. */
  subjectChangePending: boolean('subject_change_pending').notNull().default(false),
  previousSubject: text('previous_subject'),
  notificationChannel: text('notification_channel'),
  language: text('language').notNull().default('zh'),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  approvalKinds: text('approval_kinds').array().notNull().default(sql`'{}'::text[]`),
  approvalMinTotalCents: money('approval_min_total_cents'),
  // issue 13 (R1a): the cloud vendor this account is a customer of; rows from before it are Tencent's.
  vendor: text('vendor').$type<Vendor>().notNull().default('tencent'),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [
  check('accounts_language', sql`${t.language} in ('zh', 'en')`),
  check('accounts_vendor', sql`${t.vendor} in (${sql.raw(VENDORS.map((v) => `'${v}'`).join(', '))})`),
]);

/** Slack users of an account and their roles; anyone not listed is a plain employee (a requester). */
export const members = pgTable('members', {
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  slackUserId: text('slack_user_id').notNull(),
  displayName: text('display_name').notNull().default(''),
  isAdmin: boolean('is_admin').notNull().default(false),
  isApprover: boolean('is_approver').notNull().default(false),
  /** R8: 企业电子签管理员, who authorises signers; a role of its own, not an approver's. */
  isEsignAdmin: boolean('is_esign_admin').notNull().default(false),
}, (t) => [primaryKey({ columns: [t.accountId, t.slackUserId] })]);

export const partyAProfiles = pgTable('party_a_profiles', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  address: text('address').notNull().default(''),
  contactName: text('contact_name').notNull().default(''),
  phone: text('phone').notNull().default(''),
  email: text('email').notNull().default(''),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

export const signers = pgTable('signers', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  slackUserId: text('slack_user_id'),
  status: signerStatusEnum('status').notNull().default('pending'),
  requestedBy: text('requested_by').notNull(),
  decidedBy: text('decided_by'),
  decidedAt: stamp('decided_at'),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('signers_account').on(t.accountId, t.status)]);

/** The vendor's orders the account bought. */
export const orders = pgTable('orders', {
  id: text('id').notNull(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  type: orderTypeEnum('type').notNull(),
  product: text('product').notNull().default(''),
  amountCents: money('amount_cents').notNull(),
  createdOn: date('created_on', { mode: 'string' }).notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.id] }), index('orders_account_date').on(t.accountId, t.createdOn)]);

/** ICP filing numbers the account holds at the vendor. */
export const filingNumbers = pgTable('filing_numbers', {
  id: text('id').notNull(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  domain: text('domain').notNull().default(''),
  createdOn: date('created_on', { mode: 'string' }).notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.id] })]);

const stateTriples = validStates()
  .map(({ channel, state }) => `'${channel}:${state.status}/${state.subStatus ?? '-'}'`)
  .sort()
  .join(', ');

export const contracts = pgTable('contracts', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  number: text('number').notNull().unique(),
  kind: kindEnum('kind').notNull(),
  sealChannel: sealChannelEnum('seal_channel').notNull(),
  status: statusEnum('status').notNull(),
  subStatus: subStatusEnum('sub_status'),
  partyA: jsonb('party_a').$type<PartyA>(),
  // issue 13: the account's vendor, fixed at creation like Party A, so every label of the contract names its Party B.
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
}, (t) => [
  index('contracts_due').on(t.nextPollAt).where(sql`${t.nextPollAt} is not null`),
  index('contracts_claimed_by').on(t.claimedBy).where(sql`${t.claimedBy} is not null`),
  // The status table of SPEC.md: no other (channel, status, sub-status) can be stored.
  check('contracts_state', sql`(${t.sealChannel}::text || ':' || ${t.status}::text || '/' || coalesce(${t.subStatus}::text, '-')) in (${sql.raw(stateTriples)})`),
  // Seed 004: the QingCloud kinds are sealed by the vendor alone.
  check('contracts_kind_channel', sql`${t.kind} in ('framework', 'order', 'filing') or ${t.sealChannel} = 'vendor_seal'`),
  check('contracts_total', sql`${t.totalCents} >= 0`),
  // R2: one valid framework contract per account.
  uniqueIndex('contracts_one_valid_framework').on(t.accountId).where(sql`${t.kind} = 'framework' and ${t.status} not in ('voided', 'deleted')`),
  index('contracts_account_status').on(t.accountId, t.status),
  index('contracts_requester').on(t.accountId, t.requesterId),
]);

/** Orders or filing numbers a contract holds; `live` until the contract is deleted or the filing expires. */
export const contractItems = pgTable('contract_items', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  contractId: uuid('contract_id').notNull().references(() => contracts.id),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  itemKind: itemKindEnum('item_kind').notNull(),
  itemRef: text('item_ref').notNull(),
  amountCents: money('amount_cents'),
  live: boolean('live').notNull().default(true),
}, (t) => [
  // R13: an order or filing number is in at most one live contract.
  uniqueIndex('contract_items_one_live').on(t.accountId, t.itemKind, t.itemRef).where(sql`${t.live}`),
  index('contract_items_contract').on(t.contractId),
]);

/** Append-only: a trigger refuses UPDATE and DELETE, and no code path issues them. */
export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  contractId: uuid('contract_id').references(() => contracts.id),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  fromStatus: statusEnum('from_status'),
  fromSubStatus: subStatusEnum('from_sub_status'),
  toStatus: statusEnum('to_status'),
  toSubStatus: subStatusEnum('to_sub_status'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  at: stamp('at').notNull().defaultNow(),
}, (t) => [index('audit_events_contract').on(t.contractId, t.id), index('audit_events_account').on(t.accountId, t.id)]);

/** Notifications written in the same transaction as the change they announce; the dispatcher posts them. */
export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
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
  /** Where the row was posted (channel and ts), so a retry after a crash finds it instead of posting twice. */
  postedTs: text('posted_ts'),
  /** The app instance holding the lease: it frees at once when that instance dies. */
  claimedBy: integer('claimed_by'),
}, (t) => [index('outbox_claimed_by').on(t.claimedBy).where(sql`${t.claimedBy} is not null`), index('outbox_contract_pending').on(t.contractId, t.id).where(sql`${t.deliveredAt} is null and ${t.parkedAt} is null`), index('outbox_pending').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null and ${t.parkedAt} is null`)]);

/** R14: the return address is immutable once submitted (a trigger keeps it so). */
export const paperRequests = pgTable('paper_requests', {
  contractId: uuid('contract_id').primaryKey().references(() => contracts.id),
  recipient: text('recipient').notNull(),
  phone: text('phone').notNull(),
  address: text('address').notNull(),
  enclosures: text('enclosures').array().notNull().default(sql`'{}'::text[]`),
  requestedBy: text('requested_by').notNull(),
  requestedAt: stamp('requested_at').notNull().defaultNow(),
  trackingNumber: text('tracking_number'),
  shippedAt: stamp('shipped_at'),
  /** The customer's printed, stamped copy went into the post to the vendor (seed 003, step 3), and how to follow it. */
  mailedAt: stamp('mailed_at'),
  mailedBy: text('mailed_by'),
  outboundTracking: text('outbound_tracking'),
  /** The vendor has the customer's copy: the 15 working days count from here (seed 003 FAQ Q2). */
  receivedAt: stamp('received_at'),
  receivedBy: text('received_by'),
  /** 15 working days of the mainland-China calendar after receipt (R14); null until the vendor has the copy. */
  shipDueAt: stamp('ship_due_at'),
});

export const documents = pgTable('documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  contractId: uuid('contract_id').notNull().references(() => contracts.id),
  kind: text('kind').notNull(),
  sha256: text('sha256').notNull(),
  /** The content fingerprint printed on the audit page (SHA-256 of the content, not of the file): what people type. */
  contentFingerprint: text('content_fingerprint'),
  bytes: bytea('bytes').notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [
  check('documents_kind', sql`${t.kind} in ('draft', 'formal')`),
  uniqueIndex('documents_sha256').on(t.sha256),
  index('documents_content_fingerprint').on(t.contentFingerprint),
  // A contract has one draft and one formal document, as issued.
  uniqueIndex('documents_one_per_kind').on(t.contractId, t.kind),
  index('documents_contract').on(t.contractId),
]);

/** R5: the assignment agreement or name-change letter that lifts a subject-change block. */
export const supplementaryAgreements = pgTable('supplementary_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  kind: supplementaryKindEnum('kind').notNull(),
  reference: text('reference').notNull(),
  /** The day the agreement (or letter) was signed, as written on it. */
  signedOn: date('signed_on', { mode: 'string' }),
  previousSubject: text('previous_subject').notNull(),
  newSubject: text('new_subject').notNull(),
  recordedBy: text('recorded_by').notNull(),
  recordedAt: stamp('recorded_at').notNull().defaultNow(),
});

export type AccountRow = typeof accounts.$inferSelect;
export type ContractRow = typeof contracts.$inferSelect;
export type SignerRow = typeof signers.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;

/** The Slack thread of each contract: its root message in the notification channel, kept current. */
export const contractThreads = pgTable('contract_threads', {
  contractId: uuid('contract_id').primaryKey().references(() => contracts.id),
  channel: text('channel').notNull(),
  rootTs: text('root_ts').notNull(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
});

/** Approval requests sent to approvers, so every copy can show the outcome once someone decides. */
export const approvalMessages = pgTable('approval_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  contractId: uuid('contract_id').references(() => contracts.id),
  signerId: uuid('signer_id').references(() => signers.id),
  approverId: text('approver_id').notNull(),
  channel: text('channel').notNull(),
  ts: text('ts').notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('approval_messages_contract').on(t.contractId), index('approval_messages_signer').on(t.signerId)]);

/** The simulated e-sign service's own state: one flow per contract and kind (draft, customer, vendor, cancel). */
export const esignFlows = pgTable('esign_flows', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  contractId: uuid('contract_id').notNull().references(() => contracts.id),
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
}, (t) => [
  uniqueIndex('esign_flows_one').on(t.contractId, t.kind),
  check('esign_flows_kind', sql`${t.kind} in ('draft', 'customer', 'vendor', 'cancel')`),
  check('esign_flows_state', sql`${t.state} in ('running', 'done', 'failed')`),
]);

/**
 * R8: the link in a signer's SMS to the signing page. One live link per contract: a resent SMS supersedes the last.
 * The one-time code is kept only as an HMAC; attempts are counted so a code cannot be guessed.
 */
export const signingLinks = pgTable('signing_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  contractId: uuid('contract_id').notNull().references(() => contracts.id),
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
}, (t) => [index('signing_links_contract').on(t.contractId)]);

/** The simulated phone network: every SMS the e-sign service sent, so tests and the sandbox can read the signer's phone. */
export const smsMessages = pgTable('sms_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  contractId: uuid('contract_id').references(() => contracts.id),
  phone: text('phone').notNull(),
  text: text('text').notNull(),
  /** The outbox row that sent it, so a retried delivery sends no second SMS. */
  dedupeKey: text('dedupe_key').unique(),
  sentAt: stamp('sent_at').notNull(),
}, (t) => [index('sms_messages_phone').on(t.phone, t.id)]);

/** Reminders already sent, so each goes out once per contract version. */
export const reminders = pgTable('reminders', {
  contractId: uuid('contract_id').notNull().references(() => contracts.id),
  kind: text('kind').notNull(),
  version: integer('version').notNull(),
  sentAt: stamp('sent_at').notNull(),
}, (t) => [primaryKey({ columns: [t.contractId, t.kind, t.version] })]);

/**
 * The running app instances. Each holds a session advisory lock (class INSTANCE_LOCK_CLASS, id = key) for its whole
 * life on a connection of its own; a row whose lock nobody holds is an instance that died, and its claims are freed.
 */
export const appInstances = pgTable('app_instances', {
  key: integer('key').primaryKey(),
  startedAt: stamp('started_at').notNull().defaultNow(),
  label: text('label').notNull(),
});

/** node-cron's distributed mode: a scheduled slot runs on the replica that inserts its key first. */
export const jobSlots = pgTable('job_slots', {
  key: text('key').primaryKey(),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: stamp('claimed_at').notNull().defaultNow(),
});
