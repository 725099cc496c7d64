// The customer's side: the account, its people and roles, Party A's profile, signers, and what it holds at the vendor.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { type Vendor, VENDORS } from '../../domain/vendors.js';
import { money, stamp } from './columns.js';
import { orderTypeEnum, signerStatusEnum, subjectTypeEnum, supplementaryKindEnum } from './enums.js';

/** One per Slack workspace: the customer's account at the vendor. */
export const accounts = pgTable(
  'accounts',
  {
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
    approvalKinds: text('approval_kinds')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    approvalMinTotalCents: money('approval_min_total_cents'),
    // R1a: the cloud vendor this account is a customer of; rows from before it are Tencent's.
    vendor: text('vendor').$type<Vendor>().notNull().default('tencent'),
    /** R17: the account's ID at the vendor (腾讯云账号 ID / QingCloud 账户 ID), as the set-up typed it. */
    cloudAccountId: text('cloud_account_id'),
    /** R14: where paper copies are mailed (the vendor names no address: Tencent's paper guide says 腾讯云指定地址); null: not told yet. */
    vendorPaperAddress: text('vendor_paper_address'),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('accounts_language', sql`${t.language} in ('zh', 'en')`),
    check('accounts_vendor', sql`${t.vendor} in (${sql.raw(VENDORS.map((v) => `'${v}'`).join(', '))})`),
  ],
);

/** Slack users of an account and their roles; anyone not listed is a plain employee (a requester). */
export const members = pgTable(
  'members',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    slackUserId: text('slack_user_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    isAdmin: boolean('is_admin').notNull().default(false),
    isApprover: boolean('is_approver').notNull().default(false),
    /** R8: 企业电子签管理员, who authorises signers; a role of its own, not an approver's. */
    isEsignAdmin: boolean('is_esign_admin').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.slackUserId] })],
);

export const partyAProfiles = pgTable('party_a_profiles', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id),
  address: text('address').notNull().default(''),
  contactName: text('contact_name').notNull().default(''),
  phone: text('phone').notNull().default(''),
  email: text('email').notNull().default(''),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

export const signers = pgTable(
  'signers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    slackUserId: text('slack_user_id'),
    status: signerStatusEnum('status').notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: stamp('decided_at'),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (t) => [index('signers_account').on(t.accountId, t.status)],
);

/** The vendor's orders the account bought. */
export const orders = pgTable(
  'orders',
  {
    id: text('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    type: orderTypeEnum('type').notNull(),
    product: text('product').notNull().default(''),
    amountCents: money('amount_cents').notNull(),
    createdOn: date('created_on', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), index('orders_account_date').on(t.accountId, t.createdOn)],
);

/** ICP filing numbers the account holds at the vendor. */
export const filingNumbers = pgTable(
  'filing_numbers',
  {
    id: text('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    domain: text('domain').notNull().default(''),
    createdOn: date('created_on', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

/** R5: the assignment agreement or name-change letter that lifts a subject-change block. */
export const supplementaryAgreements = pgTable('supplementary_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id),
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
export type SignerRow = typeof signers.$inferSelect;
