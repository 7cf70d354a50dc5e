package com.pharmacyops.auth;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.pharmacyops.support.Db;
import com.pharmacyops.support.Fixtures;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.build.Jwt;

/** Only a token this service signed, unexpired, for an active user, opens the API. */
@QuarkusTest
class TokenTest {

    static String username;
    static long userId;

    @BeforeAll
    static void user() {
        username = "tok-" + Fixtures.unique().toLowerCase();
        userId = Fixtures.user(username, "ADMIN");
    }

    private static void refused(String token) {
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    private static PrivateKey serviceKey() throws Exception {
        byte[] der = Base64.getDecoder().decode(System.getProperty("pharmacyops.dev.private-key"));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(String issuer) {
        return Jwt.issuer(issuer).subject(String.valueOf(userId)).upn(username).groups(Set.of("ADMIN"));
    }

    @Test
    void aValidTokenWorks() throws Exception {
        given().auth().oauth2(claims("https://pharmacy-ops.internal").sign(serviceKey())).get("/api/v1/me").then()
                .statusCode(200);
    }

    @Test
    void tokensAreVerifiedThroughTheCacheOfVerifiedTokens() throws Exception {
        // Every refusal below goes through it too: the cache must not weaken a single one of them.
        Object parser = ClientProxy.unwrap(Arc.container().instance(JWTParser.class).get());
        org.junit.jupiter.api.Assertions.assertEquals(com.pharmacyops.platform.security.CachingJwtParser.class,
                parser.getClass());
        String token = claims("https://pharmacy-ops.internal").sign(serviceKey());
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void noToken() {
        given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer").get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void expiredToken() throws Exception {
        refused(claims("https://pharmacy-ops.internal").issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(1800)).sign(serviceKey()));
    }

    @Test
    void signedByAnotherKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused(claims("https://pharmacy-ops.internal").sign(generator.generateKeyPair().getPrivate()));
    }

    @Test
    void algNone() throws Exception {
        String valid = claims("https://pharmacy-ops.internal").sign(serviceKey());
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        refused(header + "." + valid.split("\\.")[1] + ".");
    }

    @Test
    void wrongIssuer() throws Exception {
        refused(claims("https://evil.example").sign(serviceKey()));
    }

    @Test
    void tamperedPayload() throws Exception {
        String[] parts = Fixtures.token(username).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"upn\":\"" + username + "\"", "\"upn\":\"someone-else\"");
        refused(parts[0] + "." + b64(payload) + "." + parts[2]);
    }

    @Test
    void unknownSubject() throws Exception {
        refused(Jwt.issuer("https://pharmacy-ops.internal").subject("999999999").upn("ghost").groups(Set.of("ADMIN"))
                .sign(serviceKey()));
    }

    @Test
    void deactivatedUsersTokenIsRefused() throws Exception {
        String name = "deact-" + Fixtures.unique().toLowerCase();
        long id = Fixtures.user(name, "AUDITOR");
        String token = Fixtures.token(name);
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        // Deactivated behind this replica's back: the cached user expires (1 s in tests, 30 s in prod).
        Db.exec("UPDATE users SET active = FALSE WHERE id = ?", id);
        Thread.sleep(1500);
        refused(token);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
