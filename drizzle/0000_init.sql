CREATE TYPE "public"."item_kind" AS ENUM('order', 'filing');--> statement-breakpoint
CREATE TYPE "public"."contract_kind" AS ENUM('framework', 'order', 'filing', 'consumption', 'recharge');--> statement-breakpoint
CREATE TYPE "public"."order_type" AS ENUM('prepaid', 'postpaid', 'refund', 'monthly_bill', 'marketplace');--> statement-breakpoint
CREATE TYPE "public"."seal_channel" AS ENUM('vendor_seal', 'dual_seal');--> statement-breakpoint
CREATE TYPE "public"."signer_status" AS ENUM('pending', 'authorised', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('draft', 'signing', 'effective', 'voided', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."contract_sub_status" AS ENUM('filling_info', 'confirming_text', 'confirming_signing', 'draft_generating', 'draft_ready', 'awaiting_approval', 'customer_signing', 'cancelling', 'vendor_signing', 'e_effective', 'paper_requested', 'paper_shipped');--> statement-breakpoint
CREATE TYPE "public"."subject_type" AS ENUM('enterprise', 'personal');--> statement-breakpoint
CREATE TYPE "public"."supplementary_kind" AS ENUM('assignment', 'name_change_letter');--> statement-breakpoint
CREATE SEQUENCE "public"."contract_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slack_team_id" text NOT NULL,
	"verified_subject" text NOT NULL,
	"subject_type" "subject_type" NOT NULL,
	"esign_activated" boolean DEFAULT false NOT NULL,
	"subject_change_pending" boolean DEFAULT false NOT NULL,
	"previous_subject" text,
	"notification_channel" text,
	"language" text DEFAULT 'zh' NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"approval_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"approval_min_total_cents" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_slack_team_id_unique" UNIQUE("slack_team_id"),
	CONSTRAINT "accounts_language" CHECK ("accounts"."language" in ('zh', 'en'))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"contract_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_status" "contract_status",
	"from_sub_status" "contract_sub_status",
	"to_status" "contract_status",
	"to_sub_status" "contract_sub_status",
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"item_kind" "item_kind" NOT NULL,
	"item_ref" text NOT NULL,
	"amount_cents" bigint,
	"live" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"number" text NOT NULL,
	"kind" "contract_kind" NOT NULL,
	"seal_channel" "seal_channel" NOT NULL,
	"status" "contract_status" NOT NULL,
	"sub_status" "contract_sub_status",
	"party_a" jsonb,
	"total_cents" bigint DEFAULT 0 NOT NULL,
	"framework_id" uuid,
	"requester_id" text NOT NULL,
	"signer_id" uuid,
	"signer_name" text,
	"signer_phone" text,
	"sms_sent_at" timestamp with time zone,
	"rejection_reason" text,
	"effective_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_number_unique" UNIQUE("number"),
	CONSTRAINT "contracts_state" CHECK (("contracts"."seal_channel"::text || ':' || "contracts"."status"::text || '/' || coalesce("contracts"."sub_status"::text, '-')) in ('dual_seal:deleted/-', 'dual_seal:draft/awaiting_approval', 'dual_seal:draft/confirming_signing', 'dual_seal:draft/confirming_text', 'dual_seal:draft/draft_generating', 'dual_seal:draft/filling_info', 'dual_seal:effective/e_effective', 'dual_seal:effective/paper_requested', 'dual_seal:effective/paper_shipped', 'dual_seal:signing/cancelling', 'dual_seal:signing/customer_signing', 'dual_seal:signing/vendor_signing', 'dual_seal:voided/-', 'vendor_seal:deleted/-', 'vendor_seal:draft/awaiting_approval', 'vendor_seal:draft/draft_generating', 'vendor_seal:draft/draft_ready', 'vendor_seal:effective/e_effective', 'vendor_seal:effective/paper_requested', 'vendor_seal:effective/paper_shipped', 'vendor_seal:signing/vendor_signing', 'vendor_seal:voided/-')),
	CONSTRAINT "contracts_kind_channel" CHECK ("contracts"."kind" in ('framework', 'order', 'filing') or "contracts"."seal_channel" = 'vendor_seal'),
	CONSTRAINT "contracts_total" CHECK ("contracts"."total_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_kind" CHECK ("documents"."kind" in ('draft', 'formal'))
);
--> statement-breakpoint
CREATE TABLE "filing_numbers" (
	"id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"domain" text DEFAULT '' NOT NULL,
	"created_on" date NOT NULL,
	CONSTRAINT "filing_numbers_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"account_id" uuid NOT NULL,
	"slack_user_id" text NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"is_approver" boolean DEFAULT false NOT NULL,
	CONSTRAINT "members_account_id_slack_user_id_pk" PRIMARY KEY("account_id","slack_user_id")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"type" "order_type" NOT NULL,
	"product" text DEFAULT '' NOT NULL,
	"amount_cents" bigint NOT NULL,
	"created_on" date NOT NULL,
	CONSTRAINT "orders_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"contract_id" uuid,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"parked_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "paper_requests" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"recipient" text NOT NULL,
	"phone" text NOT NULL,
	"address" text NOT NULL,
	"enclosures" text[] DEFAULT '{}'::text[] NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tracking_number" text,
	"shipped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_a_profiles" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "signers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"slack_user_id" text,
	"status" "signer_status" DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplementary_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "supplementary_kind" NOT NULL,
	"reference" text NOT NULL,
	"previous_subject" text NOT NULL,
	"new_subject" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_items" ADD CONSTRAINT "contract_items_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_items" ADD CONSTRAINT "contract_items_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_framework_id_contracts_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_signer_id_signers_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."signers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "filing_numbers" ADD CONSTRAINT "filing_numbers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_requests" ADD CONSTRAINT "paper_requests_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_a_profiles" ADD CONSTRAINT "party_a_profiles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signers" ADD CONSTRAINT "signers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplementary_agreements" ADD CONSTRAINT "supplementary_agreements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_contract" ON "audit_events" USING btree ("contract_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_account" ON "audit_events" USING btree ("account_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_items_one_live" ON "contract_items" USING btree ("account_id","item_kind","item_ref") WHERE "contract_items"."live";--> statement-breakpoint
CREATE INDEX "contract_items_contract" ON "contract_items" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_one_valid_framework" ON "contracts" USING btree ("account_id") WHERE "contracts"."kind" = 'framework' and "contracts"."status" not in ('voided', 'deleted');--> statement-breakpoint
CREATE INDEX "contracts_account_status" ON "contracts" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "contracts_requester" ON "contracts" USING btree ("account_id","requester_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_sha256" ON "documents" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "documents_contract" ON "documents" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "orders_account_date" ON "orders" USING btree ("account_id","created_on");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."delivered_at" is null and "outbox"."parked_at" is null;--> statement-breakpoint
CREATE INDEX "signers_account" ON "signers" USING btree ("account_id","status");