package com.pharmacyops.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Test data written straight to the database, with unique names so test classes never collide, and tokens
 * obtained through the real login endpoint.
 */
public final class Fixtures {

    public static final String PASSWORD = "test-password-123";
    private static final String HASH = BcryptUtil.bcryptHash(PASSWORD);
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** A short unique suffix for names and codes. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static long store(String code, boolean active) {
        return Db.insert("""
                INSERT INTO stores (code, name, city, active, created_at, updated_at, created_by, updated_by)
                VALUES (?, ?, 'Testville', ?, now(), now(), 'test', 'test')""", code, "Store " + code, active);
    }

    public static long store() {
        return store("T-" + unique(), true);
    }

    /** A user with {@link #PASSWORD}; store roles get the given stores. */
    public static long user(String username, String role, long... storeIds) {
        long id = Db.insert("""
                INSERT INTO users (username, full_name, password_hash, role, active, created_at, updated_at,
                                   created_by, updated_by)
                VALUES (?, ?, ?, ?, TRUE, now(), now(), 'test', 'test')""", username, "User " + username, HASH, role);
        for (long s : storeIds) {
            Db.exec("""
                    INSERT INTO user_stores (user_id, store_id, created_at, updated_at, created_by, updated_by)
                    VALUES (?, ?, now(), now(), 'test', 'test')""", id, s);
        }
        return id;
    }

    public static String token(String username) {
        return TOKENS.computeIfAbsent(username, u -> given().contentType(ContentType.JSON)
                .body(Map.of("username", u, "password", PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("accessToken"));
    }

    /** A request authenticated as {@code username}. */
    public static RequestSpecification as(String username) {
        return given().auth().oauth2(token(username));
    }

    /** One user per role: ADMIN, AUDITOR, and the three store roles in {@code storeId}. */
    public record Crew(String admin, String auditor, String manager, String pharmacist, String cashier) {

        public static Crew in(long storeId) {
            String s = unique().toLowerCase();
            Crew c = new Crew("admin-" + s, "auditor-" + s, "manager-" + s, "pharmacist-" + s, "cashier-" + s);
            user(c.admin, "ADMIN");
            user(c.auditor, "AUDITOR");
            user(c.manager, "STORE_MANAGER", storeId);
            user(c.pharmacist, "PHARMACIST", storeId);
            user(c.cashier, "CASHIER", storeId);
            return c;
        }

        public String of(String role) {
            return switch (role) {
                case "ADMIN" -> admin;
                case "AUDITOR" -> auditor;
                case "STORE_MANAGER" -> manager;
                case "PHARMACIST" -> pharmacist;
                case "CASHIER" -> cashier;
                default -> throw new IllegalArgumentException(role);
            };
        }
    }
}
