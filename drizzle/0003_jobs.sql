CREATE TABLE "esign_flows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"phone" text,
	"sms_count" integer DEFAULT 0 NOT NULL,
	"sms_last_at" timestamp with time zone,
	"sms_delivered" boolean DEFAULT true NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" text,
	"error" text,
	"attempts" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "esign_flows_kind" CHECK ("esign_flows"."kind" in ('draft', 'customer', 'vendor', 'cancel')),
	CONSTRAINT "esign_flows_state" CHECK ("esign_flows"."state" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "job_slots" (
	"key" text PRIMARY KEY NOT NULL,
	"claimed_by" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"contract_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminders_contract_id_kind_version_pk" PRIMARY KEY("contract_id","kind","version")
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "next_poll_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "stale_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "stale_reason" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "posted_ts" text;--> statement-breakpoint
ALTER TABLE "paper_requests" ADD COLUMN "ship_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "esign_flows" ADD CONSTRAINT "esign_flows_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "esign_flows_one" ON "esign_flows" USING btree ("contract_id","kind");--> statement-breakpoint
CREATE INDEX "contracts_due" ON "contracts" USING btree ("next_poll_at") WHERE "contracts"."next_poll_at" is not null;--> statement-breakpoint
CREATE INDEX "outbox_contract_pending" ON "outbox" USING btree ("contract_id","id") WHERE "outbox"."delivered_at" is null and "outbox"."parked_at" is null;