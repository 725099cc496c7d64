CREATE TABLE "app_instances" (
	"key" integer PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "claimed_by" integer;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_by" integer;--> statement-breakpoint
CREATE INDEX "contracts_claimed_by" ON "contracts" USING btree ("claimed_by") WHERE "contracts"."claimed_by" is not null;--> statement-breakpoint
CREATE INDEX "outbox_claimed_by" ON "outbox" USING btree ("claimed_by") WHERE "outbox"."claimed_by" is not null;