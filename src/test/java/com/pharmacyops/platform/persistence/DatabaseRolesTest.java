package com.pharmacyops.platform.persistence;

import static com.pharmacyops.support.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.pharmacyops.support.Catalog;
import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Least privilege (DESIGN §5.2): the service runs as a runtime role that reads and writes rows and nothing else;
 * migrations run as the owner. As the runtime role, DDL, TRUNCATE, and UPDATE or DELETE on the ledger and the audit
 * log are refused by PostgreSQL's privileges (42501), before the append-only triggers would be reached.
 */
@QuarkusTest
class DatabaseRolesTest {

    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static String runtime;
    static String owner;
    static long store;
    static String admin;

    @BeforeAll
    static void setUp() {
        var config = ConfigProvider.getConfig();
        runtime = config.getValue("quarkus.datasource.username", String.class);
        owner = config.getValue("quarkus.flyway.username", String.class);
        store = Fixtures.store();
        Catalog.seedStock(store, Catalog.batch(Catalog.medicine()), 5);
        admin = "roles-" + Fixtures.unique().toLowerCase();
        Fixtures.user(admin, "ADMIN");
    }

    @Test
    void theServiceRunsAsAnUnprivilegedRoleThatOwnsNothing() {
        assertNotEquals(owner, runtime);
        // A write through the service (an audit event too), so its pool surely holds connections.
        as(admin).contentType("application/json").body(java.util.Map.of("name", "Renamed"))
                .patch("/api/v1/stores/" + store).then().statusCode(200);
        assertEquals(runtime, Db.value("SELECT DISTINCT usename FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = 'vertx-pg-client'"),
                "the reactive pool's connections");
        assertEquals(0, Db.count("""
                SELECT count(*) FROM pg_roles WHERE rolname = ?
                  AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication)""", runtime));
        assertEquals(0, Db.count("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = ?""", runtime));
        assertEquals(Boolean.FALSE, Db.value("SELECT has_schema_privilege(?, 'public', 'CREATE')", runtime));
        assertEquals(Boolean.FALSE, Db.value("SELECT has_database_privilege(?, current_database(), 'TEMPORARY')",
                runtime));
    }

    /** Every table: rows yes; TRUNCATE, REFERENCES, TRIGGER never; UPDATE and DELETE except on the two logs. */
    @Test
    void rowAccessOnEveryTableAppendOnlyOnTheLogs() {
        List<String> wrong = tablesWithWrongPrivileges();
        assertEquals(List.of(), wrong);
        assertEquals(Boolean.FALSE, Db.value("SELECT has_table_privilege(?, 'flyway_schema_history', 'SELECT')",
                runtime));
    }

    /** Tables a later migration creates get the same row access (default privileges of the owner). */
    @Test
    void futureTablesGetRowAccess() throws SQLException {
        try (Connection c = Db.connectAsOwner(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE roles_test_future (id BIGINT PRIMARY KEY)");
            try {
                assertEquals(List.of(), tablesWithWrongPrivileges());
                for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
                    assertEquals(Boolean.TRUE, Db.value("SELECT has_table_privilege(?, 'roles_test_future', ?)",
                            runtime, privilege), privilege);
                }
            } finally {
                s.execute("DROP TABLE roles_test_future");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "TRUNCATE stock_movements", "TRUNCATE audit_events", "TRUNCATE orders",
            "UPDATE stock_movements SET note = 'rewritten'", "DELETE FROM stock_movements",
            "UPDATE audit_events SET actor = 'nobody'", "DELETE FROM audit_events",
            "CREATE TABLE shadow (id INT)", "CREATE TEMPORARY TABLE shadow (id INT)",
            "CREATE FUNCTION f() RETURNS INT LANGUAGE sql AS 'SELECT 1'",
            "ALTER TABLE stock DROP CONSTRAINT stock_quantity_check", "ALTER TABLE orders ADD COLUMN x INT",
            "DROP TRIGGER stock_movements_append_only ON stock_movements", "DROP TABLE order_counters",
            "CREATE INDEX shadow_idx ON stock (quantity)", "CREATE VIEW shadow AS SELECT 1",
            "COMMENT ON TABLE stock IS 'mine'", "ALTER TABLE audit_events DISABLE TRIGGER ALL",
            "DELETE FROM flyway_schema_history" })
    void theRuntimeRoleCannot(String sql) throws SQLException {
        long movements = Db.count("SELECT count(*) FROM stock_movements");
        long events = Db.count("SELECT count(*) FROM audit_events");
        try (Connection c = Db.connect(); Statement s = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql));
            assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
        }
        assertEquals(movements, Db.count("SELECT count(*) FROM stock_movements"));
        assertEquals(events, Db.count("SELECT count(*) FROM audit_events"));
    }

    /** Tables whose privileges for the runtime role differ from the rule (one privilege a check: a list means any). */
    private static List<String> tablesWithWrongPrivileges() {
        Object wrong = Db.value("""
                WITH r AS (SELECT ?::text AS role),
                t AS (SELECT c.oid, c.relname AS name, c.relname NOT IN ('stock_movements', 'audit_events') AS rw
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history')
                SELECT string_agg(t.name, ', ' ORDER BY t.name) FROM t, r
                WHERE NOT has_table_privilege(r.role, t.oid, 'SELECT')
                   OR NOT has_table_privilege(r.role, t.oid, 'INSERT')
                   OR has_table_privilege(r.role, t.oid, 'UPDATE') <> t.rw
                   OR has_table_privilege(r.role, t.oid, 'DELETE') <> t.rw
                   OR has_table_privilege(r.role, t.oid, 'TRUNCATE')
                   OR has_table_privilege(r.role, t.oid, 'REFERENCES')
                   OR has_table_privilege(r.role, t.oid, 'TRIGGER')""", runtime);
        return wrong == null ? List.of() : List.of(wrong.toString().split(", "));
    }
}
