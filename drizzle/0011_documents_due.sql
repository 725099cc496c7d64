CREATE TABLE "documents_due" (
	"contract_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	CONSTRAINT "documents_due_contract_id_kind_pk" PRIMARY KEY("contract_id","kind"),
	CONSTRAINT "documents_due_kind" CHECK ("documents_due"."kind" in ('draft', 'formal'))
);
--> statement-breakpoint
ALTER TABLE "documents_due" ADD CONSTRAINT "documents_due_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_due_at" ON "documents_due" USING btree ("due_at");