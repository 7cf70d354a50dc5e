package com.pharmacyops.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every statement of the stock and order path fits the per-connection prepared statement cache: a longer one
 * is silently parsed and planned on every execution (the order create was, until the limit was raised).
 */
class StatementCacheTest {

    private static final List<String> REPOSITORIES = List.of("com.pharmacyops.order.OrderSql",
            "com.pharmacyops.order.OrderRepository", "com.pharmacyops.inventory.Ledger",
            "com.pharmacyops.inventory.ReceiptRepository", "com.pharmacyops.inventory.AdjustmentRepository",
            "com.pharmacyops.audit.AuditLog", "com.pharmacyops.platform.idempotency.Idempotency");

    @Test
    void everyStatementIsShortEnoughToBeCached() throws Exception {
        int checked = 0;
        for (String name : REPOSITORIES) {
            for (Field f : Class.forName(name).getDeclaredFields()) {
                if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())
                        && Modifier.isFinal(f.getModifiers())) {
                    f.setAccessible(true);
                    String sql = (String) f.get(null);
                    if (sql.matches("(?is)\\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\\b.*")) {
                        checked++;
                        assertTrue(sql.length() <= DatabasePool.STATEMENT_CACHE_SQL_LIMIT,
                                name + "." + f.getName() + " has " + sql.length() + " characters");
                    }
                }
            }
        }
        assertTrue(checked >= 20, "only " + checked + " statements found");
    }
}
