CREATE TABLE "contract_numbers" (
	"account_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "contract_numbers_account_id_year_pk" PRIMARY KEY("account_id","year"),
	CONSTRAINT "contract_numbers_last" CHECK ("contract_numbers"."last" >= 1)
);
--> statement-breakpoint
ALTER TABLE "contracts" DROP CONSTRAINT "contracts_number_unique";--> statement-breakpoint
DROP INDEX "documents_sha256";--> statement-breakpoint
ALTER TABLE "contract_numbers" ADD CONSTRAINT "contract_numbers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_account_number" ON "contracts" USING btree ("account_id","number");--> statement-breakpoint
CREATE INDEX "documents_sha256" ON "documents" USING btree ("sha256");--> statement-breakpoint
DROP SEQUENCE "public"."contract_number_seq";--> statement-breakpoint
-- Numbers already given stay as they are; each account goes on from its own highest number of each year.
INSERT INTO "contract_numbers" ("account_id", "year", "last")
SELECT "account_id", substring("number" from '^HT-([0-9]{4})-[0-9]+$')::integer, max(substring("number" from '^HT-[0-9]{4}-([0-9]+)$')::integer)
FROM "contracts"
WHERE "number" ~ '^HT-[0-9]{4}-[0-9]+$'
GROUP BY 1, 2;
