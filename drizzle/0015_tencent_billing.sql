CREATE TABLE "tencent_billing" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"sealed_key" text NOT NULL,
	"key_hint" text NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"synced_through" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_outcome" jsonb
);
--> statement-breakpoint
ALTER TABLE "tencent_billing" ADD CONSTRAINT "tencent_billing_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;