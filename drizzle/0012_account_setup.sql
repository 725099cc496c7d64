ALTER TABLE "accounts" ADD COLUMN "cloud_account_id" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "vendor_paper_address" text;