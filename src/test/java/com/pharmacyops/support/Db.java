package com.pharmacyops.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.eclipse.microprofile.config.ConfigProvider;

/** Plain JDBC to the test database, for arranging data and asserting what the service left behind. */
public final class Db {

    private Db() {
    }

    /** As the service's runtime role, with exactly its privileges. */
    public static Connection connect() throws SQLException {
        return connect("quarkus.datasource");
    }

    /** As the owner of the schema, the role migrations run as. */
    public static Connection connectAsOwner() throws SQLException {
        return connect("quarkus.flyway");
    }

    private static Connection connect(String prefix) throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue(prefix + ".username", String.class),
                config.getOptionalValue(prefix + ".password", String.class).orElse(""));
    }

    public static long count(String sql, Object... args) {
        return ((Number) value(sql, args)).longValue();
    }

    public static Object value(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row. */
    public static java.util.List<Object> column(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            java.util.List<Object> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long insert(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql + " RETURNING id", args);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int exec(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
