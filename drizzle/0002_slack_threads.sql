CREATE TABLE "approval_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid,
	"signer_id" uuid,
	"approver_id" text NOT NULL,
	"channel" text NOT NULL,
	"ts" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_threads" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"root_ts" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_messages" ADD CONSTRAINT "approval_messages_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_messages" ADD CONSTRAINT "approval_messages_signer_id_signers_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."signers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_threads" ADD CONSTRAINT "contract_threads_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_messages_contract" ON "approval_messages" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "approval_messages_signer" ON "approval_messages" USING btree ("signer_id");