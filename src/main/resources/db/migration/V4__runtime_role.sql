-- Least privilege (DESIGN §5.2). Migrations run as the owner of the schema (quarkus.flyway.username); the
-- service's requests run as ${runtime_role} (quarkus.datasource.username), which reads and writes rows and nothing
-- more: it owns no object, so it cannot alter, drop or truncate one, has no CREATE on the schema, no temporary
-- tables, and only appends to the ledger and the audit log (the append-only triggers stay as a second line).
-- Placeholder runtime_role: quarkus.flyway.placeholders.runtime_role. With one role for both (no separate owner
-- configured) there is nothing to grant, and nothing is revoked from the owner.
DO $$
DECLARE
    runtime text := '${runtime_role}';
BEGIN
    IF runtime = '' OR runtime = current_user THEN
        RAISE WARNING 'the service and its migrations share role %; configure a runtime role (README)', current_user;
        RETURN;
    END IF;
    -- No-ops with a warning when the owner may not change them (a schema or database owned by someone else).
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), runtime);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime);

    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', runtime);
    EXECUTE format('REVOKE UPDATE, DELETE ON stock_movements, audit_events FROM %I', runtime);
    EXECUTE format('REVOKE ALL ON %I FROM %I', '${flyway:table}', runtime);
    -- Tables later migrations create (as this owner) get the same row access; an append-only one revokes as above.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                   runtime);
END
$$;
