-- R17: an account's vendor is fixed once it has a contract (every contract names its vendor as Party B). The set-up
-- service refuses the change with a reason; this keeps it refused even if code forgets.
CREATE FUNCTION accounts_vendor_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.vendor IS DISTINCT FROM OLD.vendor AND EXISTS (SELECT 1 FROM contracts WHERE account_id = OLD.id) THEN
    RAISE EXCEPTION 'R17: the vendor of account % cannot change once it has contracts', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_vendor_fixed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER accounts_vendor_fixed BEFORE UPDATE OF vendor ON accounts
  FOR EACH ROW EXECUTE FUNCTION accounts_vendor_fixed();
