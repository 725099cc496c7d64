ALTER TABLE "paper_requests" ADD COLUMN "mailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "paper_requests" ADD COLUMN "mailed_by" text;--> statement-breakpoint
ALTER TABLE "paper_requests" ADD COLUMN "outbound_tracking" text;--> statement-breakpoint
ALTER TABLE "paper_requests" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "paper_requests" ADD COLUMN "received_by" text;