-- Guards Drizzle cannot express: what must never change stays unchanged even if code forgets.

-- The audit trail is append-only.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint

-- R6: the seal channel, the kind, the number and the account of a contract never change.
CREATE FUNCTION contracts_immutable_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seal_channel IS DISTINCT FROM OLD.seal_channel THEN
    RAISE EXCEPTION 'R6: the seal channel of contract % cannot change', OLD.number USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind IS DISTINCT FROM OLD.kind OR NEW.number IS DISTINCT FROM OLD.number OR NEW.account_id IS DISTINCT FROM OLD.account_id THEN
    RAISE EXCEPTION 'the identity of contract % cannot change', OLD.number USING ERRCODE = 'check_violation';
  END IF;
  -- R6: an effective contract is never edited back or voided.
  IF OLD.status = 'effective' AND NEW.status <> 'effective' THEN
    RAISE EXCEPTION 'R6: effective contract % cannot leave effective', OLD.number USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER contracts_identity BEFORE UPDATE ON contracts
  FOR EACH ROW EXECUTE FUNCTION contracts_immutable_identity();
--> statement-breakpoint
CREATE FUNCTION contracts_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'contracts are deleted by status, never by DELETE' USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER contracts_keep_rows BEFORE DELETE ON contracts
  FOR EACH ROW EXECUTE FUNCTION contracts_no_delete();
--> statement-breakpoint

-- R14: the return address is immutable once submitted.
CREATE FUNCTION paper_requests_address_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.recipient IS DISTINCT FROM OLD.recipient OR NEW.phone IS DISTINCT FROM OLD.phone
     OR NEW.address IS DISTINCT FROM OLD.address OR NEW.contract_id IS DISTINCT FROM OLD.contract_id THEN
    RAISE EXCEPTION 'R14: the return address cannot change once submitted' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER paper_requests_address BEFORE UPDATE ON paper_requests
  FOR EACH ROW EXECUTE FUNCTION paper_requests_address_immutable();
