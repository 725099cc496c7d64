ALTER TABLE "outbox" ADD COLUMN "outcome_unknown" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "progress" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Rows an older version already tried: it did not record whether a post went out, so they look first, as before.
UPDATE "outbox" SET "outcome_unknown" = true WHERE "delivered_at" IS NULL AND "attempts" > 0;
