ALTER TABLE "documents" ADD COLUMN "content_fingerprint" text;--> statement-breakpoint
CREATE INDEX "documents_content_fingerprint" ON "documents" USING btree ("content_fingerprint");