-- Seed 004 discards a QingCloud draft (废弃) in one step, which frees its orders (issue 26); QingCloud offers no
-- separate delete. QingCloud contracts voided before this rule still held their orders, with no delete left to free them.
UPDATE "contract_items" SET "live" = false
FROM "contracts"
WHERE "contracts"."id" = "contract_items"."contract_id"
  AND "contracts"."vendor" = 'qingcloud'
  AND "contracts"."status" = 'voided'
  AND "contract_items"."live";
