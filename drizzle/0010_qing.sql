ALTER TABLE "accounts" ADD COLUMN "vendor" text DEFAULT 'tencent' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "vendor" text DEFAULT 'tencent' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_vendor" CHECK ("accounts"."vendor" in ('tencent', 'qingcloud'));